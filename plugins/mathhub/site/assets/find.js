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

  function key(code) {
    // The same folding as the catalogue: case, the CCSS prefix, '-' vs '.', optional HS, sub-letter forms.
    // Other frameworks' codes keep their "ID:" and match through the spellings the catalogue lists.
    var text = String(code).trim().toUpperCase().replace(/\s+/g, "");
    text = text.replace(/^CCSS-M:/, "").replace(/^CCSS\.MATH\.CONTENT\./, "").replace(/-/g, ".");
    text = text.replace(/^HS(?=[NAFGS]\.)/, "").replace(/\.(\d+)\.([A-Z])$/, ".$1$2");
    return text;
  }

  var spellings = {};
  var codes = Object.keys(data.standards);
  // The default framework's spellings first: a bare code means a CCSS-M standard when both could match.
  codes.forEach(function (code) {
    if (code.indexOf(":") !== -1) { return; }
    [code].concat(data.standards[code].spellings).forEach(function (sp) { spellings[key(sp)] = code; });
  });
  codes.forEach(function (code) {
    if (code.indexOf(":") === -1) { return; }
    [code].concat(data.standards[code].spellings).forEach(function (sp) { if (!(key(sp) in spellings)) { spellings[key(sp)] = code; } });
  });

  // Labels come from the vocabulary the schemas declare (lessons.js carries it), never from a list of our own.
  function labels(name) {
    var out = {};
    (data.vocabulary[name] || []).forEach(function (term) { out[term.value] = term.label; });
    return out;
  }
  var gradeLabels = labels("grades");
  var statusLabels = labels("statuses");

  function words(text) { return String(text).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean); }

  data.lessons.forEach(function (lesson) {
    // Every code the lesson counts for: its own, and those the crosswalk matches them to.
    var codes = [];
    Object.keys(lesson.frameworks).forEach(function (fw) { codes = codes.concat(lesson.frameworks[fw]); });
    var statements = lesson.standards.map(function (c) { return data.standards[c] ? data.standards[c].text : ""; });
    lesson.haystack = words([lesson.title, lesson.summary].concat(statements).join(" ")).join(" ");
    lesson.keys = codes.map(key);
    lesson.parents = codes.map(function (c) { return data.standards[c] && data.standards[c].parent ? key(data.standards[c].parent) : ""; });
  });

  function matchesQuery(lesson, q) {
    if (!q) { return true; }
    var k = key(q);
    if (/^([A-Z][A-Z0-9.]*:)?[A-Z0-9]+\.[A-Z0-9.]+$/.test(k)) {
      var canonical = spellings[k] ? key(spellings[k]) : k;
      return lesson.keys.some(function (lk, i) {
        return lk === canonical || lesson.parents[i] === canonical || lk.indexOf(canonical + ".") === 0;
      });
    }
    var terms = words(q);
    return terms.every(function (t) { return lesson.haystack.indexOf(t) !== -1; });
  }

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

  function filter(s) {
    return data.lessons.filter(function (l) {
      return (!s.framework || l.frameworks[s.framework])
        && (!s.grade || l.grades.indexOf(s.grade) !== -1)
        && (!s.domain || l.domains.indexOf(s.domain) !== -1)
        && (!s.minutes || fits(l, Number(s.minutes)))
        && (!s.approach || l.approaches.indexOf(s.approach) !== -1)
        && (!s.status || l.status === s.status)
        && matchesQuery(l, s.standard);
    });
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
    meta.textContent = lesson.grades.map(function (g) { return gradeLabels[g]; }).join(", ")
      + " · " + time + " · " + statusLabels[lesson.status] + " · " + codes.join(", ");
    var summary = document.createElement("span");
    summary.className = "mh-lesson__summary";
    summary.textContent = lesson.summary;
    li.appendChild(a); li.appendChild(meta); li.appendChild(summary);
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

  function render(updateUrl) {
    var s = state();
    var found = filter(s);
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
  render(false);
}());
