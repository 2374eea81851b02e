/* The network view at /viz (and `kg viz --out`): vis-network on the data of the JSON block #viz-data.
 *
 * Everything the page shows comes from that block and is written with textContent or DOM building, never as
 * HTML, so a title or a quote holding markup shows as text. Filters run here, on the activities' attributes the
 * block ships: an activity node shows when its activity passes them, any other node when one of its activities
 * does (an organisation also needs the chosen role there), an edge when both ends show and one of its
 * activities passes. When the layout has settled, physics stops and window.kgViz.ready turns true (and
 * #viz gets data-state="ready"), with the time it took (settledAt, ms since navigation started). */
(function () {
  "use strict";

  const root = document.getElementById("viz");
  const data = JSON.parse(document.getElementById("viz-data").textContent);
  const strings = data.strings;
  const form = document.getElementById("viz-filters");
  const count = document.getElementById("viz-count");
  const search = document.getElementById("viz-search");
  const status = document.getElementById("viz-status");
  const state = { ready: false, nodeCount: data.nodes.length, visibleCount: data.nodes.length, preset: data.preset };
  window.kgViz = state;

  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
  }

  function element(tag, className, content) {
    const made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (content !== undefined && content !== null) {
      made.textContent = String(content);
    }
    return made;
  }

  /* --- tooltips: DOM elements, so vis-network never parses a string as HTML ----------------------------- */

  function tooltip(tip) {
    const box = element("div", "viz-tip");
    box.append(element("strong", "viz-tip-title", tip.title));
    if (tip.type) {
      box.append(element("div", "viz-tip-type", tip.type));
    }
    if (tip.facts.length) {
      const list = element("dl");
      for (const [name, value] of tip.facts) {
        list.append(element("dt", null, name), element("dd", null, value));
      }
      box.append(list);
    }
    for (const quote of tip.quotes) {
      const said = element("blockquote");
      said.append(element("q", null, quote.text));
      if (quote.lines) {
        said.append(element("cite", null, text(strings.lines, { lines: quote.lines })));
      }
      box.append(said);
    }
    if (tip.more) {
      box.append(element("div", "viz-tip-more", tip.more));
    }
    return box;
  }

  /* vis-network gets the drawing attributes only; a tooltip is built the first time its node or edge is hovered. */
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const byIri = new Map(data.nodes.map((node) => [node.iri, node.id]));
  state.idOf = (iri) => byIri.get(iri);
  const drawn = (node) => {
    const copy = Object.assign({}, node);
    for (const name of ["tip", "acts", "href", "iri", "pinned", "activity"]) {
      delete copy[name];
    }
    return copy;
  };
  const nodes = new vis.DataSet(data.nodes.map(drawn));
  const edges = new vis.DataSet(data.edges.map((edge, index) => ({
    id: index, from: edge.from, to: edge.to, arrows: edge.arrows, value: edge.value,
  })));

  /* An activity's tooltip, from its row of data.activities. */
  function activityTip(activity) {
    const names = strings.factNames;
    const facts = [[names.status, strings.statusNames[activity.status] || activity.status]];
    if (activity.theme) {
      facts.push([names.theme, activity.theme]);
    }
    const years = yearsOf(activity);
    if (years) {
      facts.push([names.years, years]);
    }
    if (activity.budget) {
      facts.push([names.budget, activity.budget]);
    }
    if (activity.leads) {
      facts.push([names.lead, activity.leads.join(", ")]);
    }
    if (activity.ancilab) {
      facts.push([names.ancilab, strings.yes]);
    }
    if (activity.lines) {
      facts.push([names.source, text(strings.lines, { lines: activity.lines })]);
    }
    return { title: activity.title, type: strings.typeNames[activity.kind], facts: facts, quotes: [] };
  }

  function yearsOf(activity) {
    const start = activity.start, end = activity.end;
    if (start == null && end == null) {
      return null;
    }
    if (end == null) {
      return activity.status === "ongoing" ? text(strings.since, { year: start }) : String(start);
    }
    return start == null || start === end ? String(end) : start + "–" + end;
  }

  function tipOf(node) {
    return node.tip || activityTip(data.activities[node.activity]);
  }

  function nameOf(node) {
    return node.tip ? node.tip.title : data.activities[node.activity].title;
  }

  function edgeTip(edge) {
    const facts = [];
    let more = null;
    if (edge.value !== undefined && edge.acts.length) {
      const titles = edge.acts.map((i) => data.activities[i].title);
      facts.push([data.preset === "recurring" ? strings.shared : strings.activities, String(titles.length)]);
      more = titles.slice(0, 5).join("; ")
        + (titles.length > 5 ? "; " + text(strings.andMore, { n: titles.length - 5 }) : "");
    }
    if (edge.roles && edge.roles.length) {
      facts.push([strings.roles, edge.roles.map((role) => strings.roleNames[role] || role).join(", ")]);
    }
    if (edge.via) {
      facts.push([strings.via, edge.via]);
    }
    return {
      title: nameOf(byId.get(edge.from)) + " — " + nameOf(byId.get(edge.to)),
      type: null,
      facts: facts,
      quotes: edge.quote ? [{ text: edge.quote, lines: edge.lines }] : [],
      more: more,
    };
  }

  /* --- filters -------------------------------------------------------------------------------------------- */

  function number(value) {
    const parsed = parseInt(value, 10);
    return Number.isFinite(parsed) ? parsed : null;
  }

  /* A funder's or programme's number in data.iris (null: not chosen). */
  function numbered(iri) {
    return iri ? data.iris.indexOf(iri) : null;
  }

  function chosen() {
    const values = new FormData(form);
    return {
      types: new Set(values.getAll("type")),
      theme: values.get("theme") || "",
      funder: numbered(values.get("funder")),
      programme: numbered(values.get("programme")),
      status: values.get("status") || "",
      role: values.get("role") || "",
      from: number(values.get("from")),
      to: number(values.get("to")),
    };
  }

  /* Whether an activity runs in some year of the range, as graph.analytics.active says: from its start (else
   * its end) to its end; with no printed end an ongoing activity is still running, any other ran in one year. */
  function inYears(activity, filters) {
    if (filters.from === null && filters.to === null) {
      return true;
    }
    const first = activity.start != null ? activity.start : activity.end;
    if (first == null) {
      return false;
    }
    const last = activity.end != null ? activity.end : (activity.status === "ongoing" ? null : first);
    return (filters.to === null || first <= filters.to)
      && (filters.from === null || last === null || last >= filters.from);
  }

  function passes(activity, filters) {
    return filters.types.has(activity.kind)
      && (!filters.theme || activity.theme === filters.theme)
      && (filters.funder === null || (activity.funders || []).includes(filters.funder))
      && (filters.programme === null || (activity.programmes || []).includes(filters.programme))
      && (!filters.status || activity.status === filters.status)
      && inYears(activity, filters);
  }

  const shown = new Map(); // node id → its size value when visible
  let visibleEdges = 0;

  function apply() {
    const filters = chosen();
    const selected = data.activities.map((activity) => passes(activity, filters));
    const nodeChanges = [];
    shown.clear();
    for (const node of data.nodes) {
      let counted = 0;
      for (const [index, roles] of node.acts) {
        if (selected[index] && (!filters.role || !roles.length || roles.includes(filters.role))) {
          counted += 1;
        }
      }
      const visible = filters.types.has(node.group) && (node.pinned || !node.acts.length || counted > 0);
      if (visible) {
        shown.set(node.id, counted);
      }
      const change = { id: node.id, hidden: !visible };
      if (data.dynamicSize && node.value !== undefined) {
        change.value = Math.max(counted, 1);
      }
      nodeChanges.push(change);
    }
    const edgeChanges = [];
    visibleEdges = 0;
    data.edges.forEach((edge, index) => {
      const shared = edge.acts.filter((i) => selected[i]).length;
      const visible = shown.has(edge.from) && shown.has(edge.to) && (!edge.acts.length || shared > 0)
        && (!filters.role || !edge.roles.length || edge.roles.includes(filters.role));
      visibleEdges += visible ? 1 : 0;
      const change = { id: index, hidden: !visible };
      if (data.dynamicSize && edge.value !== undefined) {
        change.value = Math.max(shared, 1);
      }
      edgeChanges.push(change);
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    state.visibleCount = shown.size;
    count.textContent = text(shown.size === 1 ? strings.oneNode : strings.nodes, { n: shown.size })
      + " · " + text(visibleEdges === 1 ? strings.oneEdge : strings.edges, { n: visibleEdges });
  }

  /* --- the network: laid out with the initial filters already applied ----------------------------------- */

  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
  // organisations' areas, not radii, grow with their activities: one in 5 reads as more than one in 1
  data.options.nodes.scaling.customScalingFunction = (min, max, total, value) =>
    max === min ? 0.5 : Math.sqrt((value - min) / (max - min));
  const container = document.getElementById("viz-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  state.nodes = nodes;

  function settle() {
    if (state.ready) {
      return;
    }
    network.setOptions({ physics: false });
    state.settledAt = Math.round(performance.now());
    state.ready = true;
    status.textContent = "";
    root.dataset.state = "ready";
  }

  const titled = { nodes: new Set(), edges: new Set() };
  network.on("hoverNode", (event) => {
    if (!titled.nodes.has(event.node)) {
      titled.nodes.add(event.node);
      nodes.update({ id: event.node, title: tooltip(tipOf(byId.get(event.node))) });
    }
  });
  network.on("hoverEdge", (event) => {
    const edge = data.edges[event.edge];
    if (!titled.edges.has(event.edge) && (edge.acts.length || edge.quote)) {
      titled.edges.add(event.edge);
      edges.update({ id: event.edge, title: tooltip(edgeTip(edge)) });
    }
  });

  network.on("stabilizationProgress", (progress) => {
    status.textContent = text(strings.layingOut, { percent: Math.round(100 * progress.iterations / progress.total) });
  });
  network.once("stabilizationIterationsDone", settle);
  if (!data.nodes.length || !data.options.physics.enabled) {
    network.once("afterDrawing", settle);
    network.redraw();
  }

  network.on("click", (event) => {
    if (event.nodes.length !== 1) {
      return;
    }
    const href = byId.get(event.nodes[0]).href;
    const source = event.event && event.event.srcEvent;
    if (source && (source.ctrlKey || source.metaKey)) {
      window.open(href, "_blank", "noopener");
    } else {
      window.location.assign(href);
    }
  });

  /* --- search: a datalist of the labels; choosing one selects and centres its node ------------------------ */

  const byLabel = new Map();
  const labelCount = new Map();
  for (const node of data.nodes) {
    labelCount.set(nameOf(node), (labelCount.get(nameOf(node)) || 0) + 1);
  }
  const options = document.getElementById("viz-search-list");
  for (const node of data.nodes) {
    const name = nameOf(node);
    const label = labelCount.get(name) > 1 ? name + " · " + tipOf(node).type : name;
    byLabel.set(label.toLowerCase(), node.id);
    const option = element("option");
    option.value = label;
    options.append(option);
  }

  function find(typed) {
    const wanted = typed.trim().toLowerCase();
    if (!wanted) {
      return null;
    }
    if (byLabel.has(wanted)) {
      return byLabel.get(wanted);
    }
    for (const [label, id] of byLabel) {
      if (label.includes(wanted)) {
        return id;
      }
    }
    return null;
  }

  function focusOn(typed) {
    const id = find(typed);
    if (id === null) {
      status.textContent = text(strings.notFound, { text: typed });
      return;
    }
    status.textContent = shown.has(id) ? "" : strings.hiddenByFilters;
    network.selectNodes([id]);
    state.focused = null;
    network.once("animationFinished", () => {
      state.focused = id;
    });
    network.focus(id, { scale: 1.2, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }

  search.addEventListener("change", () => focusOn(search.value));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      focusOn(search.value);
    }
  });

  /* --- legend ------------------------------------------------------------------------------------------------- */

  const legend = document.getElementById("viz-legend");
  for (const entry of data.legend) {
    const item = element("li");
    const swatch = element("span", "viz-swatch viz-shape-" + entry.shape);
    swatch.style.backgroundColor = entry.color;
    item.append(swatch, element("span", null, entry.label));
    legend.append(item);
  }

  /* --- export: the picture as PNG, the visible (or selected) nodes as CSV ----------------------------------- */

  function download(href, name) {
    const link = element("a");
    link.href = href;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  }

  document.getElementById("viz-png").addEventListener("click", () => {
    const canvas = container.querySelector("canvas");
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    download(copy.toDataURL("image/png"), data.fileName + ".png");
  });

  function cell(value) {
    let written = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(written)) {
      written = "'" + written; // a spreadsheet would run it as a formula
    }
    return /[",\n\r]/.test(written) ? "\"" + written.replace(/"/g, "\"\"") + "\"" : written;
  }

  function csv() {
    const selected = network.getSelectedNodes().filter((id) => shown.has(id));
    const ids = selected.length ? selected : Array.from(shown.keys());
    const rows = [strings.csvHeader];
    for (const id of ids) {
      const node = byId.get(id);
      rows.push([node.iri, nameOf(node), tipOf(node).type, shown.get(id), new URL(node.href, window.location.href).href]);
    }
    return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
  }

  document.getElementById("viz-csv").addEventListener("click", () => {
    const href = URL.createObjectURL(new Blob(["\ufeff" + csv()], { type: "text/csv;charset=utf-8" }));
    download(href, data.fileName + ".csv");
    setTimeout(() => URL.revokeObjectURL(href), 1000);
  });
  state.csv = csv;

  document.getElementById("viz-fit").addEventListener("click", () => network.fit({ animation: false }));

  for (const choice of document.querySelectorAll(".viz-choice select")) {
    choice.addEventListener("change", () => choice.form.submit()); // another area, another depth: another page
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply, 0));
})();
