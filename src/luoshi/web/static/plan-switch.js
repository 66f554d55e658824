// The plan switcher in the header: a new plan is shown as soon as it is picked
// (without script, the form's own button does the same).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll("form.plan-switch select").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
})();
