// MEDK: small enhancements only; every page works without this file.
(function () {
  "use strict";

  // Ask before an action marked with data-confirm (blocking a user, revoking a role).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // The role switcher applies at once.
  var roleSelect = document.getElementById("role-select");
  if (roleSelect) {
    roleSelect.addEventListener("change", function () { roleSelect.form.submit(); });
  }

  // Uploads show their progress; on a slow line people must see that something is happening.
  // The server answers with the page to show next (or the same page with the reason of a refusal).
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) { return; }
      event.preventDefault();
      var bar = form.querySelector("progress");
      var button = form.querySelector("button[type=submit]");
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      var token = form.querySelector("input[name=_csrf]");
      if (token) { request.setRequestHeader("X-CSRF-Token", token.value); }
      if (bar) { bar.hidden = false; bar.value = 0; }
      if (button) { button.disabled = true; }
      request.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); }
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
        if (request.responseURL) { history.replaceState(null, "", request.responseURL); }
      });
      request.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        if (bar) { bar.hidden = true; }
        window.alert("Связь прервалась, файл не загружен. Проверьте подключение и загрузите файл снова.");
      });
      request.send(new FormData(form));
    });
  });

  // New chat messages appear without reloading.
  var chat = document.getElementById("chat");
  if (chat && window.fetch) {
    var poll = function () {
      var after = chat.getAttribute("data-after") || "0";
      fetch(chat.getAttribute("data-poll") + "?after=" + after, { credentials: "same-origin" })
        .then(function (response) { return response.status === 200 ? response.text() : ""; })
        .then(function (html) {
          if (!html) { return; }
          chat.insertAdjacentHTML("beforeend", html);
          var last = chat.lastElementChild;
          if (last && last.id) { chat.setAttribute("data-after", last.id.slice(1)); }
          var empty = document.getElementById("chat-empty");
          if (empty) { empty.remove(); }
        })
        .catch(function () { /* a dropped line: the next poll tries again */ });
    };
    setInterval(poll, 10000);
  }
})();
