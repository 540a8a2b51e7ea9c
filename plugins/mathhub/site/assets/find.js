/* Find a lesson: filter the whole library in the browser, offline; the URL holds the filter state. */
(function () {
  "use strict";
  var data = window.MATHHUB_LESSONS;
  var form = document.getElementById("mh-find");
  var count = document.getElementById("mh-find-count");
  var list = document.getElementById("mh-find-results");
  if (!data || !form || !count || !list) { return; }
  // "framework" is on the form only when the library has more than one framework.
  var fields = ["framework", "grade", "domain", "standard", "minutes", "approach", "status"].filter(function (name) { return form.elements[name]; });
  var root = form.getAttribute("data-lessons").replace(/assets\/mathhub\/lessons\.js$/, "");

  // Labels come from the vocabulary the schemas declare (lessons.js carries it), never from a list of our own.
  function labels(name) {
    var out = {};
    (data.vocabulary[name] || []).forEach(function (term) { out[term.value] = term.label; });
    return out;
  }
  var gradeLabels = labels("grades");
  var statusLabels = labels("statuses");

  function state() {
    var s = {};
    fields.forEach(function (name) { s[name] = (form.elements[name].value || "").trim(); });
    return s;
  }

  // A lesson fits the time available in full, or with its "with less time" plan.
  function fits(lesson, minutes) {
    return lesson.minutes <= minutes || (lesson.lessTime !== null && lesson.lessTime <= minutes);
  }
  function shortened(lesson, minutes) {
    return minutes && lesson.minutes > minutes && lesson.lessTime !== null && lesson.lessTime <= minutes;
  }

  // The query goes to the site's one search (search.js, the same as the header box): it returns the lessons in
  // order of relevance (or, for a standard code, by grade then title); without a query, lessons.js's order is
  // grade then title. Resolves to null when there is no query.
  var MAX_MATCHES = 200;
  function matches(query) {
    if (!query || !window.MathHubSearch) { return Promise.resolve(null); }
    var search = window.MathHubSearch;
    return search.find(query).then(function (found) {
      return Promise.all(found.lessons.slice(0, MAX_MATCHES).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      var order = {};
      pages.forEach(function (page, i) { order[search.href(page)] = i; });
      return order;
    });
  }

  function filter(s, order) {
    var found = data.lessons.filter(function (l) {
      return (!s.framework || l.frameworks[s.framework])
        && (!s.grade || l.grades.indexOf(s.grade) !== -1)
        && (!s.domain || l.domains.indexOf(s.domain) !== -1)
        && (!s.minutes || fits(l, Number(s.minutes)))
        && (!s.approach || l.approaches.indexOf(s.approach) !== -1)
        && (!s.status || l.status === s.status)
        && (!order || new URL(root + l.url, document.baseURI).href in order);
    });
    if (order) { found.sort(function (a, b) { return order[new URL(root + a.url, document.baseURI).href] - order[new URL(root + b.url, document.baseURI).href]; }); }
    return found;
  }

  function item(lesson) {
    var li = document.createElement("li");
    li.className = "mh-lesson";
    var a = document.createElement("a");
    a.className = "mh-lesson__title";
    a.href = root + lesson.url;
    a.textContent = lesson.title;
    var meta = document.createElement("span");
    meta.className = "mh-lesson__meta";
    var framework = form.elements.framework ? form.elements.framework.value : "";
    var codes = framework && lesson.frameworks[framework] ? lesson.frameworks[framework].map(function (c) {
      return lesson.crosswalk.indexOf(c) === -1 ? c : c + " (through the crosswalk)";
    }) : lesson.standards;
    var minutes = form.elements.minutes ? Number(form.elements.minutes.value) : 0;
    var time = shortened(lesson, minutes) ? lesson.lessTime + " min (shortened from " + lesson.minutes + ")" : lesson.minutes + " min";
    meta.textContent = lesson.grades.map(function (g) { return gradeLabels[g]; }).join(", ") + " · " + time + " · ";
    var badge = document.createElement("span");
    badge.className = "mh-status mh-status--" + lesson.status;
    badge.textContent = statusLabels[lesson.status];
    meta.appendChild(badge);
    var standards = document.createElement("span");
    standards.className = "mh-lesson__standards";
    standards.textContent = "Addresses " + codes.join(", ");
    var summary = document.createElement("span");
    summary.className = "mh-lesson__summary";
    summary.textContent = lesson.summary;
    li.appendChild(a); li.appendChild(meta); li.appendChild(standards); li.appendChild(summary);
    if (shortened(lesson, minutes)) {
      var note = document.createElement("span");
      note.className = "mh-lesson__note";
      var plan = document.createElement("a");
      plan.href = root + lesson.url + "#mh-less-time";
      plan.textContent = "Shortened version: see the plan for " + lesson.lessTime + " minutes";
      note.appendChild(plan);
      li.appendChild(note);
    }
    return li;
  }

  var latest = 0;
  function render(updateUrl) {
    var s = state();
    var ticket = ++latest;
    if (s.standard) { count.textContent = "Searching…"; }
    matches(s.standard).then(function (order) { if (ticket === latest) { show(s, order, updateUrl); } });
  }

  function show(s, order, updateUrl) {
    var found = filter(s, order);
    list.textContent = "";
    var fragment = document.createDocumentFragment();
    found.forEach(function (l) { fragment.appendChild(item(l)); });
    list.appendChild(fragment);
    var total = data.lessons.length;
    count.textContent = found.length === 0 ? "No lessons match these filters."
      : (found.length === total ? "Showing all " + total + " lessons."
        : found.length + " of " + total + " lessons match.");
    if (updateUrl) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (s[name]) { params.set(name, s[name]); } });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }
  }

  var params = new URLSearchParams(window.location.search);
  fields.forEach(function (name) {
    var value = params.get(name);
    var field = form.elements[name];
    if (value === null) { return; }
    if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) { return; }
    field.value = value;
  });
  var timer = null;
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { render(true); }, 120); });
  form.addEventListener("change", function () { render(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); render(true); });
  form.addEventListener("reset", function () { setTimeout(function () { render(true); }, 0); });
  // search.js comes after this script (the theme's scripts close the page): start once it has run.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { render(false); });
  } else {
    render(false);
  }
}());
