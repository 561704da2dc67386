// MEDK: small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Ask before an action marked with data-confirm (blocking a user, revoking a role).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  // The role switcher applies at once when JavaScript is on.
  var roleSelect = document.getElementById("role-select");
  if (roleSelect) {
    roleSelect.addEventListener("change", function () { roleSelect.form.submit(); });
  }
})();
