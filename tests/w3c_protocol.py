"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests sparql11/protocol/manifest.ttl) as data for pytest cases.

Each test is a list of HTTP requests with the status class, result format and boolean each must answer.
The update cases assume a writable service; a read-only one must refuse them with a 4xx, which is what
`expected_status` says for them here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import httpx
from rdflib import RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"}
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld"}


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected_status: frozenset[int]  # status classes: 2 for 2xx…
    expected_format: str | None  # boolean, tabular, RDF
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    requests: tuple[ProtocolRequest, ...]

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def read_manifest(directory: Path) -> tuple[list[ProtocolTest], dict[str, Path]]:
    """The query and update tests, and the graph name → data file every test may load."""
    path = directory / "manifest.ttl"
    manifest = Graph().parse(path, format="turtle", publicID=path.as_uri())
    root = next(manifest.subjects(MF.entries, None))
    tests, graphs = [], {}
    for entry in Collection(manifest, manifest.value(root, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        for data in manifest.objects(entry, UT.graphData):
            graphs[str(manifest.value(data, RDFS.label))] = directory / Path(str(manifest.value(data, UT.graph))).name
        action = manifest.value(entry, MF.action)
        requests = [_request(manifest, node, read_only_update="update" in name)
                    for node in Collection(manifest, manifest.value(action, HT.requests))]
        tests.append(ProtocolTest(name, str(manifest.value(entry, MF.name)), tuple(requests)))
    return tests, graphs


def _request(manifest: Graph, node: URIRef, read_only_update: bool) -> ProtocolRequest:
    headers = []
    header_list = manifest.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(manifest, header_list):
            headers.append((str(manifest.value(header, HT.fieldName)), str(manifest.value(header, HT.fieldValue))))
    body = None
    body_node = manifest.value(node, HT.body)
    if body_node is not None:
        encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
    response = manifest.value(node, HT.resp)
    statuses = frozenset(int(str(status).rsplit("StatusCode", 1)[-1][0])
                         for status in manifest.objects(response, MF.expectedStatus))
    fmt = manifest.value(response, MF.expectedFormat)
    boolean = manifest.value(response, MF.expectedBoolean)
    if read_only_update:
        # A read-only service refuses every update; its follow-up queries then see the data unchanged.
        sends_update = ("application/sparql-update" in dict(headers).values() or b"update=" in (body or b"")
                        or "update=" in str(manifest.value(node, HT.absolutePath)))
        statuses, boolean = (frozenset({4}), None) if sends_update else (statuses, None)
        fmt = None if sends_update else fmt
    return ProtocolRequest(str(manifest.value(node, HT.methodName)), str(manifest.value(node, HT.absolutePath)),
                           tuple(headers), body, statuses, str(fmt) if fmt is not None else None,
                           boolean.toPython() if boolean is not None else None)


def dataset_nquads(graphs: dict[str, Path]) -> str:
    """The test graphs as N-Quads, each in the named graph the manifest gives it."""
    lines = []
    for name, path in sorted(graphs.items()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(f"{line.rstrip().removesuffix('.').rstrip()} <{name}> .")
    return "\n".join(lines) + "\n"


def check(client: httpx.Client, base_url: str, request: ProtocolRequest) -> str | None:
    """Send the request; None when the response is what the test expects, else what went wrong."""
    response = client.request(request.method, base_url + request.path, headers=list(request.headers),
                              content=request.body)
    if response.status_code // 100 not in request.expected_status:
        return (f"{request.method} {request.path}: status {response.status_code}, expected "
                f"{'/'.join(f'{s}xx' for s in sorted(request.expected_status))}: {response.text[:300]}")
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if request.expected_format == "tabular" and media_type not in RESULT_TYPES:
        return f"tabular answer in {media_type!r}"
    if request.expected_format == "RDF":
        if media_type not in RDF_TYPES:
            return f"RDF answer in {media_type!r}"
        Graph().parse(data=response.content, format=RDF_TYPES[media_type])
    if request.expected_format == "boolean":
        if media_type not in BOOLEAN_TYPES:
            return f"boolean answer in {media_type!r}"
        value = _boolean(response.content, media_type)
        if request.expected_boolean is not None and value != request.expected_boolean:
            return f"boolean {value}, expected {request.expected_boolean}"
    return None


def _boolean(body: bytes, media_type: str) -> bool:
    if media_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    found = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return found is not None and found.text == "true"
