/* The site's one search, for the header box and "Find a lesson" (window.MathHubSearch).
 *
 * The index is Pagefind's (site/search_index.py writes it from the content model). Nothing is fetched until
 * someone types: then pagefind.js and the few index chunks a query needs. A standard code in any spelling is
 * folded to its search key with the patterns search_terms.py renders into the header form (data-rules), and
 * looked up as an exact word; words must each match a whole word (Pagefind's quoted search, with stemming),
 * so "ratio" never finds "rational". Lessons come first, by relevance; for a code, by grade then title. */
(function () {
  "use strict";
  var form = document.getElementById("mh-search");
  if (!form) { return; }
  var rules = JSON.parse(form.getAttribute("data-rules"));
  var indexUrl = new URL(form.getAttribute("data-index"), document.baseURI).href;
  var root = new URL("../", indexUrl);
  var loading = null;

  function pagefind() {
    if (!loading) {
      loading = import(indexUrl).then(function (pf) { return pf.init().then(function () { return pf; }); });
    }
    return loading;
  }

  function searchKey(text) {
    return String(text).trim().toUpperCase().replace(new RegExp(rules.prefixes), "").replace(new RegExp(rules.notKey, "g"), "");
  }

  function words(text) {
    return (String(text).toLowerCase().match(new RegExp(rules.word, "g")) || []).filter(function (w) { return w.length > 1; });
  }

  function ids(result) { return new Set(result.results.map(function (r) { return r.id; })); }

  // A whole word (Pagefind's quoted search: stemmed, never a prefix).
  function exact(pf, word, options) { return pf.search("\"" + word + "\"", options || {}); }

  /* Resolves to {code: bool, lessons: [...], standards: [...]}: Pagefind results (call .data() for a page's details).
     Each record carries a word for its kind and one for each search key of its codes (site/search_index.py). */
  function find(query) {
    return pagefind().then(function (pf) {
      var key = searchKey(query).toLowerCase();
      var coded = key ? exact(pf, rules.codeToken + key, { sort: { rank: "asc" } }) : Promise.resolve({ results: [] });
      return Promise.all([exact(pf, rules.kindToken + "lesson").then(ids), coded]).then(function (got) {
        var lessons = got[0];
        var split = function (results, code) {
          return {
            code: code,
            lessons: results.filter(function (r) { return lessons.has(r.id); }),
            standards: results.filter(function (r) { return !lessons.has(r.id); })
          };
        };
        if (got[1].results.length) { return split(got[1].results, true); }
        var terms = words(query);
        if (!terms.length) { return split([], false); }
        var searches = [pf.search(terms.join(" "))].concat(terms.map(function (w) { return exact(pf, w); }));
        return Promise.all(searches).then(function (all) {
          var sets = all.slice(1).map(ids);
          return split(all[0].results.filter(function (r) { return sets.every(function (s) { return s.has(r.id); }); }), false);
        });
      });
    });
  }

  function href(data) { return new URL(data.url, root).href; }

  window.MathHubSearch = { find: find, href: href, searchKey: searchKey };

  // -- the header box ------------------------------------------------------------------------------------
  var input = form.querySelector("input");
  var panel = document.getElementById("mh-search-results");
  var count = panel.querySelector(".mh-search__count");
  var list = panel.querySelector("ul");
  var latest = 0;

  function entry(data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href(data);
    a.className = "mh-search__hit";
    var title = document.createElement("span");
    title.className = "mh-search__title";
    title.textContent = data.meta.kind === "lesson" ? data.meta.title : "Standard " + data.meta.title;
    var meta = document.createElement("span");
    meta.className = "mh-search__meta";
    meta.textContent = data.meta.kind === "lesson"
      ? [data.meta.grades, data.meta.minutes + " min", data.meta.status, data.meta.standards].join(" · ")
      : data.meta.summary;
    a.appendChild(title); a.appendChild(meta); li.appendChild(a);
    return li;
  }

  function show(query) {
    var ticket = ++latest;
    if (!query.trim()) { panel.hidden = true; return; }
    panel.hidden = false;
    count.textContent = "Searching…";
    find(query).then(function (found) {
      var hits = found.lessons.slice(0, 6).concat(found.standards.slice(0, found.lessons.length ? 2 : 6));
      return Promise.all(hits.map(function (r) { return r.data(); })).then(function (pages) {
        if (ticket !== latest) { return; }
        list.textContent = "";
        pages.forEach(function (data) { list.appendChild(entry(data)); });
        var n = found.lessons.length;
        count.textContent = n === 0 ? (pages.length ? "No lessons; standards:" : "No results. Try a standard code such as 6.RP.3, or other words.")
          : n + (n === 1 ? " lesson" : " lessons") + (n > 6 ? ", the first 6 here; press Enter for all" : "");
      });
    });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { show(input.value); }, 150); });
  input.addEventListener("focus", function () { pagefind(); if (input.value.trim()) { panel.hidden = false; } });
  form.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
    if (event.key === "ArrowUp" && at !== -1) { event.preventDefault(); (at === 0 ? input : links[at - 1]).focus(); }
    if (event.key === "Escape") { panel.hidden = true; input.focus(); }
  });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) { panel.hidden = true; } });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey && input.offsetParent !== null) {
      event.preventDefault();
      input.focus();
    }
  });
}());
