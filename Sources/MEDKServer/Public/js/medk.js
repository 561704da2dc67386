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

  // Uploads. Without JavaScript the form posts its files whole. With it, each chosen file is sent ahead in chunks
  // (POST /uploads declares it, PUT /uploads/<id>?offset=N sends from N, GET /uploads/<id> says what arrived), so
  // a dropped line costs at most the chunk in flight: the script waits, asks the server how much arrived and goes
  // on, for as long as the page is open. The session ids are kept in the browser under the form, the file's
  // name, size and date, so choosing the same file again after a reload or a closed lid goes on where it stopped.
  // When every file is there, the form is posted without its files, naming the sessions (uploadSessions); the
  // server answers with the page to show next, or the same page with the reason of a refusal.
  var MB = 1048576;
  var uploadKeyPrefix = "medk-upload:";
  var uploadStore = (function () {
    var memory = {}, backing = null;
    try {
      backing = window.localStorage;
      backing.setItem(uploadKeyPrefix + "probe", "1");
      backing.removeItem(uploadKeyPrefix + "probe");
    } catch (e) { backing = null; }
    return {
      get: function (key) {
        var text = null;
        try { text = backing ? backing.getItem(key) : (memory[key] || null); } catch (e) { text = memory[key] || null; }
        try { return text ? JSON.parse(text) : null; } catch (e) { return null; }
      },
      set: function (key, value) {
        var text = JSON.stringify(value);
        try { if (backing) { backing.setItem(key, text); return; } } catch (e) { /* full or refused: keep it in memory */ }
        memory[key] = text;
      },
      remove: function (key) {
        try { if (backing) { backing.removeItem(key); } } catch (e) { /* nothing to do */ }
        delete memory[key];
      },
      // The names of the files kept under a prefix (a form's) whose upload did not get to the end.
      names: function (prefix) {
        var found = [], i, key, entry;
        try {
          for (i = 0; backing && i < backing.length; i++) {
            key = backing.key(i);
            if (!key || key.indexOf(prefix) !== 0) { continue; }
            entry = this.get(key);
            // The key ends with the file's name, size and date: a name may hold "|" itself.
            if (entry && !entry.sent) { found.push(key.slice(prefix.length).split("|").slice(0, -2).join("|")); }
          }
        } catch (e) { /* storage unavailable */ }
        return found;
      },
      // Sessions are swept by the server after a day untouched: older entries are only clutter.
      prune: function () {
        if (!backing) { return; }
        try {
          var old = [], i, key, entry;
          for (i = 0; i < backing.length; i++) {
            key = backing.key(i);
            if (key && key.indexOf(uploadKeyPrefix) === 0) {
              entry = this.get(key);
              if (!entry || !entry.at || Date.now() - entry.at > 2 * 24 * 3600 * 1000) { old.push(key); }
            }
          }
          old.forEach(function (k) { backing.removeItem(k); });
        } catch (e) { /* storage unavailable: nothing to prune */ }
      }
    };
  })();

  var resumableSupported = !!(window.XMLHttpRequest && window.FormData && FormData.prototype["delete"] && window.JSON &&
                              window.Blob && Blob.prototype.slice);

  function sizeText(sent, total) {
    function number(value, unit) {
      var text = value >= 100 || Math.round(value) === value ? String(Math.round(value)) : value.toFixed(1);
      if (/\.0$/.test(text)) { text = text.slice(0, -2); }
      return text.replace(".", ",") + (unit ? " " + unit : "");
    }
    if (total < MB) { return "Загружено " + number(sent / 1024) + " из " + number(total / 1024, "КБ"); }
    return "Загружено " + number(Math.floor(sent / MB * 10) / 10) + " из " + number(total / MB, "МБ");
  }

  function remainingText(seconds) {
    if (seconds < 60) { return "осталось меньше минуты"; }
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) { return "осталось около " + minutes + " мин"; }
    var hours = Math.floor(minutes / 60);
    minutes = minutes % 60;
    return "осталось около " + hours + " ч" + (minutes ? " " + minutes + " мин" : "");
  }

  function parseJSON(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  // One request; `done(status, json)`, status 0 when the line failed (an error, a timeout, an abort).
  function send(method, url, token, body, contentType, done, watch) {
    var request = new XMLHttpRequest(), finished = false;
    function finish(status) {
      if (finished) { return; }
      finished = true;
      // Signed out meanwhile: the answer was a redirect to the sign-in page.
      if (status === 200 && /\/login(\?|$)/.test(request.responseURL || "")) { status = 401; }
      done(status, status ? parseJSON(request.responseText) : null);
    }
    request.open(method, url);
    if (token) { request.setRequestHeader("X-CSRF-Token", token); }
    if (contentType) { request.setRequestHeader("Content-Type", contentType); }
    request.setRequestHeader("Accept", "application/json");
    request.addEventListener("load", function () { finish(request.status); });
    request.addEventListener("error", function () { finish(0); });
    request.addEventListener("abort", function () { finish(0); });
    request.addEventListener("timeout", function () { finish(0); });
    if (watch) { watch(request); }
    request.send(body);
    return request;
  }

  // The form's fields as a script sends them, with the button that was pressed: a form with two buttons («Сохранить
  // черновик», «Отправить») says by its button what to do, and FormData(form) alone leaves the button out.
  // A form's address, read as the attribute: `form.action` is the control named «action» when the form has one.
  function actionOf(form) {
    return new URL(form.getAttribute("action") || location.href, location.href).href;
  }

  function formData(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return data;
  }

  function resumableUpload(form, input, files, bar, button, submitter) {
    var token = (form.querySelector("input[name=_csrf]") || {}).value || "";
    var action = actionOf(form);
    var total = 0, index = 0, sessions = [], received = [], sizes = [], chunk = MB;
    var inFlight = 0, retryDelay = 1000, retryTimer = null, retryStep = null, stopped = false;
    var samples = [], lastText = 0, interrupted = "", probing = false;
    files.forEach(function (file) { sizes.push(file.size); received.push(0); total += file.size; });

    var status = document.createElement("p");
    status.className = "upload-status";
    status.setAttribute("aria-live", "polite");
    [".upload-alert", ".upload-status", ".upload-resume"].forEach(function (selector) {
      var previous = form.querySelector(selector);
      if (previous) { previous.parentNode.removeChild(previous); }
    });
    (bar || button).parentNode.insertBefore(status, bar ? bar.nextSibling : button);
    if (bar) {
      bar.hidden = false;
      bar.value = 0;
      if (!bar.hasAttribute("aria-label")) { bar.setAttribute("aria-label", "Ход загрузки"); }
    }
    if (button) { button.disabled = true; }
    input.disabled = true;

    function keyOf(file) {
      return uploadKeyPrefix + action + "|" + file.name + "|" + file.size + "|" + (file.lastModified || 0);
    }

    function sent() {
      var bytes = 0, i;
      for (i = 0; i < files.length; i++) {
        if (i < index) { bytes += sizes[i]; } else if (i === index) { bytes += Math.min(sizes[i], received[i] + inFlight); }
      }
      return bytes;
    }

    function show(force) {
      var bytes = sent(), now = Date.now();
      if (bar) { bar.value = total ? Math.floor(bytes * 100 / total) : 100; }
      samples.push({ at: now, bytes: bytes });
      while (samples.length > 2 && now - samples[0].at > 30000) { samples.shift(); }
      if (!force && now - lastText < 1500) { return; }
      lastText = now;
      var text = sizeText(bytes, total);
      if (interrupted) {
        status.textContent = interrupted + " " + text + ".";
        return;
      }
      var first = samples[0], span = (now - first.at) / 1000;
      if (span >= 3 && bytes > first.bytes) {
        text += ", " + remainingText((total - bytes) / ((bytes - first.bytes) / span));
      }
      status.textContent = text;
    }

    function stop(message) {
      stopped = true;
      if (retryTimer) { clearTimeout(retryTimer); }
      window.removeEventListener("online", retryNow);
      if (bar) { bar.hidden = true; }
      if (button) { button.disabled = false; }
      input.disabled = false;
      status.textContent = "";
      var box = document.createElement("div");
      box.className = "flash-error upload-alert";
      box.setAttribute("role", "alert");
      box.textContent = message;
      status.parentNode.insertBefore(box, status);
    }

    function refusal(json, httpStatus) {
      if (json && json.error) { return json.error; }
      if (httpStatus === 401 || httpStatus === 403) {
        return "Сеанс работы закончился. Войдите снова, откройте эту страницу и выберите тот же файл — загрузка " +
               "продолжится с того места, где остановилась.";
      }
      return "Файл не загружен: сервер ответил кодом " + httpStatus + ". Обновите страницу и выберите тот же файл — " +
             "загрузка продолжится с того места, где остановилась.";
    }

    // A dropped line or a server in trouble: wait (1 s, 2 s, 4 s… up to 30 s, at once when the line is back),
    // then `step` (which asks the server how much arrived) goes on.
    function retry(step, message) {
      if (stopped) { return; }
      interrupted = message || "Связь прервалась — продолжим автоматически…";
      samples = [];
      show(true);
      retryStep = step;
      retryTimer = setTimeout(retryNow, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }

    function retryNow() {
      if (!retryStep || stopped) { return; }
      var step = retryStep;
      retryStep = null;
      clearTimeout(retryTimer);
      retryTimer = null;
      step();
    }

    function recovered() {
      retryDelay = 1000;
      if (interrupted) { interrupted = ""; samples = []; show(true); }
    }

    window.addEventListener("online", retryNow);

    // The file's session: the one kept from before if the server still has it, else a new one.
    function begin() {
      if (stopped) { return; }
      if (index >= files.length) { finish(); return; }
      var entry = uploadStore.get(keyOf(files[index]));
      if (!entry || !entry.id) { create(); return; }
      sessions[index] = entry.id;
      ask();
    }

    function create() {
      var file = files[index];
      var body = "fileName=" + encodeURIComponent(file.name) + "&size=" + file.size;
      send("POST", "/uploads", token, body, "application/x-www-form-urlencoded", function (code, json) {
        if (stopped) { return; }
        if (code === 201 && json && json.id) {
          sessions[index] = json.id;
          chunk = json.chunkSize || chunk;
          received[index] = json.received || 0;
          inFlight = 0;
          recovered();
          uploadStore.set(keyOf(file), { id: json.id, at: Date.now() });
          next();
        } else if (code === 0 || code >= 500) {
          retry(create);
        } else {
          stop(refusal(json, code));
        }
      });
    }

    // How much of the current file the server holds.
    function ask() {
      send("GET", "/uploads/" + encodeURIComponent(sessions[index]), null, null, null, function (code, json) {
        if (stopped) { return; }
        if (code === 200 && json && typeof json.received === "number") {
          received[index] = json.received;
          inFlight = 0;
          recovered();
          chunk = json.chunkSize || chunk;
          uploadStore.set(keyOf(files[index]), { id: sessions[index], at: Date.now() });
          show(true);
          next();
        } else if (code === 404) {
          // Swept, or another person's: this file starts again.
          uploadStore.remove(keyOf(files[index]));
          received[index] = 0;
          inFlight = 0;
          create();
        } else if (code === 0 || code >= 500) {
          retry(ask);
        } else {
          stop(refusal(json, code));
        }
      });
    }

    // Sends the next chunk of the current file from what the server holds, or moves to the next file.
    function next() {
      if (stopped) { return; }
      var file = files[index], offset = received[index];
      if (offset >= file.size) {
        index += 1;
        inFlight = 0;
        begin();
        return;
      }
      // After "busy", an empty request asks whether the other writer is gone before a whole chunk goes out again
      // (a browser reads the answer only once it has sent the body: on a slow line, a refused megabyte is minutes).
      var end = probing ? offset : Math.min(file.size, offset + chunk), lastActivity = Date.now(), watchdog = null;
      var handedOver = false;
      send("PUT", "/uploads/" + encodeURIComponent(sessions[index]) + "?offset=" + offset, token, file.slice(offset, end),
           "application/octet-stream", function (code, json) {
        clearInterval(watchdog);
        if (stopped) { return; }
        // Until the server says how much of it arrived, the part sent before a cut still shows as sent.
        if (code !== 0 && code < 500) { inFlight = 0; }
        if (code === 200 && json && typeof json.received === "number") {
          received[index] = json.received;
          probing = false;
          recovered();
          show(false);
          next();
        } else if (code === 409 && json && typeof json.received === "number") {
          // A gap: go on from what arrived. Or a request from before the cut is still being written: wait, then
          // try again.
          received[index] = json.received;
          if (json.received < offset) { next(); } else {
            probing = true;
            retry(next, "Сервер ещё принимает часть файла, отправленную до обрыва, — продолжим автоматически…");
          }
        } else if (code === 404) {
          uploadStore.remove(keyOf(file));
          received[index] = 0;
          create();
        } else if (code === 0 || code >= 500) {
          retry(ask);
        } else {
          uploadStore.remove(keyOf(file));
          stop(refusal(json, code));
        }
      }, function (request) {
        request.upload.addEventListener("progress", function (e) {
          lastActivity = Date.now();
          inFlight = e.loaded;
          handedOver = e.lengthComputable && e.loaded >= e.total;
          show(false);
        });
        // A line that silently stopped carrying anything (a sleeping laptop, a dead mobile cell) may never error:
        // a minute in which not a byte left, or five once the whole chunk is in the system's send buffer (a very
        // slow line still draining it), and the request is given up and the server asked what arrived.
        watchdog = setInterval(function () {
          if (Date.now() - lastActivity > (handedOver ? 300000 : 60000)) { clearInterval(watchdog); request.abort(); }
        }, 5000);
      });
    }

    // Every file is on the server: the form itself, without its files, naming the sessions.
    function finish() {
      window.removeEventListener("online", retryNow);
      if (bar) { bar.value = 100; }
      status.textContent = files.length > 1 ? "Файлы получены, сервер проверяет их…" : "Файл получен, сервер проверяет его…";
      var data = formData(form, submitter);
      data["delete"](input.name);
      data.append("uploadSessions", sessions.join(","));
      var request = new XMLHttpRequest();
      request.open("POST", action);
      if (token) { request.setRequestHeader("X-CSRF-Token", token); }
      request.addEventListener("load", function () {
        files.forEach(function (file, i) {
          // Taken: forgotten. Refused (a field to correct, say): kept, so that sending the form again with the same
          // file needs none of its bytes again, but no longer an unfinished upload.
          if (request.status >= 200 && request.status < 300) { uploadStore.remove(keyOf(file)); }
          else { uploadStore.set(keyOf(file), { id: sessions[i], at: Date.now(), sent: true }); }
        });
        showAnswer(request);
      });
      request.addEventListener("error", function () {
        stop("Связь прервалась в конце загрузки. Файлы уже на сервере: проверьте список документов и, если нового " +
             "документа в нём нет, нажмите кнопку ещё раз — передавать файлы заново не придётся.");
      });
      request.send(data);
    }

    show(true);
    begin();
  }

  function showAnswer(request) {
    document.open();
    document.write(request.responseText);
    document.close();
    if (request.responseURL) { history.replaceState(null, "", request.responseURL); }
  }

  uploadStore.prune();
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    // Files of this form whose upload stopped (a reload, a closed lid): say that choosing them again goes on.
    var unfinished = uploadStore.names(uploadKeyPrefix + actionOf(form) + "|");
    if (unfinished.length && resumableSupported) {
      var hint = document.createElement("p");
      hint.className = "hint upload-resume";
      hint.textContent = (unfinished.length > 1 ? "Не закончена загрузка файлов " : "Не закончена загрузка файла ") +
        unfinished.map(function (name) { return "«" + name + "»"; }).join(", ") +
        ". Выберите " + (unfinished.length > 1 ? "их" : "его") + " снова — загрузка продолжится с того места, где остановилась.";
      var place = form.querySelector("progress") || form.querySelector("button[type=submit]");
      if (place) { place.parentNode.insertBefore(hint, place); }
    }
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented || !window.XMLHttpRequest || !window.FormData) { return; }
      event.preventDefault();
      var bar = form.querySelector("progress");
      var button = form.querySelector("button[type=submit]");
      if (button && button.disabled) { return; }
      var input = form.querySelector("input[type=file]");
      var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
      if (files.length && resumableSupported) {
        resumableUpload(form, input, files, bar, button, event.submitter);
        return;
      }
      // No file chosen (a form where it is optional), or an old browser: the form as it is, with its progress.
      var request = new XMLHttpRequest();
      request.open("POST", actionOf(form));
      var token = form.querySelector("input[name=_csrf]");
      if (token) { request.setRequestHeader("X-CSRF-Token", token.value); }
      if (bar) { bar.hidden = false; bar.value = 0; }
      if (button) { button.disabled = true; }
      request.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); }
      });
      request.addEventListener("load", function () { showAnswer(request); });
      request.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        if (bar) { bar.hidden = true; }
        window.alert("Связь прервалась, файл не загружен. Проверьте подключение и загрузите файл снова.");
      });
      request.send(formData(form, event.submitter));
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
