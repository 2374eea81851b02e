/* The query page at /sparql: YASGUI on this server's endpoint, the canonical queries as examples, the limits.
 * Data comes from the JSON block #sparql-config (no inline script). Without YASGUI the plain form is kept and
 * the examples fill its textarea. Nothing here, nor in YASGUI as configured, calls another site. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("sparql-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const examples = new Map(config.examples.map((example) => [example.name, example]));
  const form = document.getElementById("modulo");
  const textarea = document.getElementById("query");
  const mount = document.getElementById("yasgui");
  const status = document.getElementById("esito");
  const banner = document.getElementById("troncati");
  const list = document.getElementById("esempi");

  /* What the address asks for: a query (?query=… from the server, or a YASGUI share link #query=…), or an
   * example (#name or ?example=name). */
  function requested() {
    if (typeof config.query === "string" && config.query.trim()) {
      return { query: config.query, name: "Interrogazione" };
    }
    const hash = window.location.hash.slice(1);
    if (hash.includes("query=")) {
      const shared = new URLSearchParams(hash).get("query");
      if (shared) {
        return { query: shared, name: "Condivisa" };
      }
    }
    const name = decodeURIComponent(hash) || new URLSearchParams(window.location.search).get("example");
    if (name && examples.has(name)) {
      const example = examples.get(name);
      return { query: example.query, name: example.title };
    }
    return null;
  }

  function exampleFromLink(event) {
    const link = event.target.closest("a[data-example]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return null; // a click that opens another window keeps the link's own address
    }
    return examples.get(link.dataset.example) || null;
  }

  function remember(name) {
    window.history.replaceState(null, "", window.location.pathname + "#" + encodeURIComponent(name));
  }

  function markCurrent(name) {
    for (const link of list.querySelectorAll("a[data-example]")) {
      link.classList.toggle("current", link.dataset.example === name);
    }
  }

  /* --- without YASGUI: the plain form ------------------------------------------------------------------ */

  function plainForm() {
    if (config.rich) {
      const notice = document.createElement("p");
      notice.className = "sparql-notice";
      notice.textContent = "L'editor avanzato (YASGUI) non si è caricato: usa il modulo qui sotto.";
      form.before(notice);
    }
    const wanted = requested();
    if (wanted && !config.query) {
      textarea.value = wanted.query;
    }
    list.addEventListener("click", (event) => {
      const example = exampleFromLink(event);
      if (!example) {
        return;
      }
      event.preventDefault();
      textarea.value = example.query;
      remember(example.name);
      markCurrent(example.name);
      textarea.focus();
    });
  }

  /* --- with YASGUI ------------------------------------------------------------------------------------- */

  /* YASR fills "{{name}}" in a literal with the same row's ?name (its "mustache" feature) and drops the braces
   * of any other "{{…}}": a literal of the graph could show another value than the one it holds. The table
   * shows the literals as the endpoint sent them (still escaped and sanitised by YASR when drawn). */
  function literalsAsSent(results) {
    if (!results || results.kgAsSent || !results.res || typeof results.res.content !== "string") {
      return;
    }
    results.kgAsSent = true;
    if (!results.getAsJson() || results.type !== "json") {
      return;
    }
    try {
      const sent = JSON.parse(results.res.content);
      if (sent && sent.head && sent.results && Array.isArray(sent.results.bindings)) {
        results.json = sent;
      }
    } catch (error) {
      // not SPARQL JSON after all: as YASR read it
    }
  }

  function richEditor(Yasgui) {
    // Only completions computed in the page: variables, and prefixes from YASGUI's bundled list (prefixCcApi
    // stays null). The "property" and "class" completers ask lov.linkeddata.es, so they are left out. Set on
    // the defaults because YASGUI merges arrays index by index.
    Yasgui.defaults.yasqe.autocompleters = ["variables", "prefixes"];
    Yasgui.defaults.yasqe.prefixCcApi = null;
    const draw = Yasgui.Yasr.prototype.draw;
    Yasgui.Yasr.prototype.draw = function () {
      literalsAsSent(this.results);
      return draw.apply(this, arguments);
    };

    // Shown before YASGUI draws, so that CodeMirror can measure the editor.
    form.hidden = true;
    mount.hidden = false;
    const first = examples.get("recurring-partners") || config.examples[0];
    const yasgui = new Yasgui(mount, {
      persistenceId: config.persistenceId,
      populateFromUrl: false, // the address is read below, by requested()
      autoAddOnInit: false,
      copyEndpointOnNewTab: false,
      tabName: "Interrogazione",
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
      // createShortLink stays undefined: no link-shortening service; the share button makes a plain link.
      yasqe: { value: first ? first.query : "", collapsePrefixesOnLoad: true },
      yasr: { defaultPlugin: "table" },
    });
    // Tabs kept in the browser from an earlier visit may point at another address of this service.
    for (const id of yasgui.persistentConfig.getTabs()) {
      const tab = yasgui.getTab(id);
      if (tab && tab.getEndpoint() !== endpoint) {
        tab.setEndpoint(endpoint);
      }
    }

    // The answer's size, per tab: X-Result-Rows, and X-Result-Truncated when the row cap cut it.
    const outcomes = new Map();
    const watched = new WeakSet();

    function show(tabId) {
      const outcome = outcomes.get(tabId);
      status.hidden = !outcome;
      banner.hidden = !(outcome && outcome.truncated);
      if (!outcome) {
        return;
      }
      const rows = outcome.rows === 1 ? "1 riga" : outcome.rows + " righe";
      status.textContent = "Risposta: " + rows + " in " + (outcome.ms / 1000).toFixed(2).replace(".", ",") + " s.";
      banner.textContent = "Risultati troncati a " + outcome.limit + " righe: la risposta completa ne ha di più. " +
        "Restringi l'interrogazione (filtri, LIMIT e OFFSET) o scarica i dati completi.";
    }

    function open(query, name) {
      const existing = yasgui.persistentConfig.getTabs().length > 0;
      yasgui.addTab(true, { name: name, yasqe: { value: query } }, { avoidDuplicateTabs: existing });
      const shown = yasgui.getTab(); // addTab does not announce the tab it selects
      show(shown ? shown.getId() : null);
    }

    const wanted = requested();
    if (wanted) {
      open(wanted.query, wanted.name);
    } else if (!yasgui.persistentConfig.getTabs().length && first) {
      open(first.query, first.title);
    } else if (!yasgui.getTab()) {
      yasgui.selectTabId(yasgui.persistentConfig.getTabs()[0]);
    }

    function watch(tab) {
      const yasqe = tab.getYasqe();
      if (!yasqe || watched.has(yasqe)) {
        return;
      }
      watched.add(yasqe);
      yasqe.on("queryResponse", (_yasqe, response, duration) => {
        const headers = response && response.headers;
        if (!headers || typeof headers.get !== "function") {
          outcomes.delete(tab.getId()); // an error: YASR shows it
        } else {
          outcomes.set(tab.getId(), {
            rows: Number(headers.get("X-Result-Rows") || 0),
            limit: Number(headers.get("X-Result-Limit") || config.rowCap),
            truncated: headers.get("X-Result-Truncated") === "true",
            ms: duration || 0,
          });
        }
        if (yasgui.getTab() === tab) {
          show(tab.getId());
        }
      });
    }

    yasgui.on("queryBefore", (_yasgui, tab) => watch(tab));
    yasgui.on("tabSelect", (_yasgui, tabId) => show(tabId));
    yasgui.on("tabClose", (_yasgui, tab) => outcomes.delete(tab.getId()));

    list.addEventListener("click", (event) => {
      const example = exampleFromLink(event);
      if (!example) {
        return;
      }
      event.preventDefault();
      open(example.query, example.title);
      remember(example.name);
      markCurrent(example.name);
    });
    window.addEventListener("hashchange", () => {
      const name = decodeURIComponent(window.location.hash.slice(1));
      if (examples.has(name)) {
        open(examples.get(name).query, examples.get(name).title);
        markCurrent(name);
      }
    });

    window.catalogoKg = { yasgui: yasgui };
  }

  const wanted = new URLSearchParams(window.location.search).get("example") || window.location.hash.slice(1);
  markCurrent(examples.has(wanted) ? wanted : config.example);
  if (typeof window.Yasgui === "function") {
    richEditor(window.Yasgui);
  } else {
    plainForm();
  }
})();
