/* gopy web chat widget: plain JavaScript, no framework, no HTML from messages (textContent
   only). Embed with <script src="https://GOPY/chat/widget.js" defer></script>; add
   data-target="ID" to place the chat inside the element with that id instead of behind a
   button in the corner. Talks over a WebSocket, or by long polling where sockets fail. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src, location.href).origin + "/chat";
  var texts = {}, locale = "", last = 0, socket = null, socketWorked = false, polling = false;
  var failures = 0, labels = [];
  var pending = null; // the text sent and not yet seen in the log: given back if refused
  var givenBack = null; // given back when the socket closed: it may have arrived after all
  var root, log, options, status, form, input, file;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function call(path, init) {
    init = init || {};
    init.credentials = "include";
    return fetch(base + path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw data;
        return data;
      });
    });
  }

  function say(text) { status.textContent = text || ""; }

  // Each label the frame shows, kept so that /lang switches them at once.
  function apply(l) {
    if (l[2]) l[0].setAttribute(l[2], texts[l[1]]);
    else l[0].textContent = texts[l[1]];
  }

  function label(node, key, attribute) {
    var l = [node, key, attribute];
    labels.push(l);
    apply(l);
    return node;
  }

  function relabel(data) {
    if (!data.texts) return;
    texts = data.texts;
    locale = data.locale;
    root.lang = locale; // the chat's own language; the portal's page keeps its own
    labels.forEach(apply);
  }

  function show(messages) {
    messages.forEach(function (m) {
      if (m.id <= last) return;
      last = m.id;
      var mine = m.from === "user";
      if (mine) {
        pending = null;
        if (givenBack === m.text && input.value === givenBack) input.value = "";
        givenBack = null;
      }
      var item = el("li", mine ? "gopy-user" : "gopy-bot");
      item.appendChild(el("span", "gopy-who", (mine ? texts.you : texts.bot) + ": "));
      var body = m.text;
      (m.files || []).forEach(function (name) { body += "\n\uD83D\uDCCE " + name; });
      item.appendChild(document.createTextNode(body));
      item.setAttribute("data-id", m.id);
      log.appendChild(item);
      offer(m.id, mine ? [] : m.options || []);
    });
    log.scrollTop = log.scrollHeight;
  }

  function offer(id, choices) {
    // A fresh set each time: a button of an earlier message never stays on screen.
    var box = el("div", "gopy-options");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", texts.options_label);
    box.setAttribute("data-for", id);
    choices.forEach(function (choice) {
      var button = el("button", null, choice[0]);
      button.type = "button";
      button.addEventListener("click", function () {
        offer(id, []);
        send({ text: "", choice: choice[1], label: choice[0] });
      });
      box.appendChild(button);
    });
    root.replaceChild(box, options);
    options = box;
  }

  // What the citizen typed goes back into the box when it was not taken, unless they have
  // started typing something else meanwhile.
  function giveBack() {
    if (pending && !input.value) input.value = pending;
    pending = null;
  }

  function send(message) {
    say("");
    pending = message.text || null;
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify(message));
      return;
    }
    call("/send", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(message)
    }).catch(function (e) {
      giveBack();
      say((e && e.error) || texts.not_sent);
    });
  }

  function connect() {
    var url = base.replace(/^http/, "ws") + "/socket?after=" + last + "&lang=" + locale;
    try { socket = new WebSocket(url); } catch (e) { return poll(); }
    socket.onopen = function () { socketWorked = true; failures = 0; say(""); };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.messages) show(data.messages);
      relabel(data);
      if (data.error) {
        giveBack();
        say(data.error);
      }
    };
    socket.onclose = function () {
      socket = null;
      givenBack = pending;
      giveBack();
      if (!socketWorked) return poll(); // blocked on the way: long polling instead
      say(texts.offline);
      failures += 1;
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, failures)));
    };
  }

  function poll() {
    if (polling) return;
    polling = true;
    (function next() {
      call("/poll?after=" + last + "&lang=" + locale).then(function (data) {
        failures = 0;
        say("");
        show(data.messages || []);
        relabel(data);
        next();
      }, function () {
        failures += 1;
        say(texts.offline);
        setTimeout(next, Math.min(30000, 1000 * Math.pow(2, failures)));
      });
    })();
  }

  function upload() {
    if (!file.files.length) return;
    var body = new FormData();
    body.append("file", file.files[0]);
    file.value = "";
    say("");
    offer(last, []);
    call("/upload", { method: "POST", body: body }).catch(function (e) {
      say((e && e.error) || texts.not_sent);
    });
  }

  function build(target) {
    root = label(el("section", "gopy-chat"), "title", "aria-label");
    root.lang = locale;
    var head = el("div", "gopy-head");
    head.appendChild(label(el("h2"), "title"));
    root.appendChild(head);
    log = el("ol", "gopy-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    label(log, "log_label", "aria-label");
    log.tabIndex = 0;
    root.appendChild(log);
    options = el("div", "gopy-options");
    root.appendChild(options);
    status = el("p", "gopy-status");
    status.setAttribute("role", "status");
    root.appendChild(status);
    form = el("form", "gopy-form");
    var id = "gopy-input-" + Math.random().toString(36).slice(2);
    var name = label(el("label", "gopy-who"), "input_label");
    name.htmlFor = id;
    input = el("textarea");
    input.id = id;
    input.rows = 2;
    label(input, "placeholder", "placeholder");
    file = el("input", "gopy-file");
    file.type = "file";
    file.id = id + "-file";
    file.accept = "image/jpeg,image/png,image/webp,application/pdf";
    var attach = label(el("label", "gopy-attach"), "attach_short");
    attach.htmlFor = file.id;
    label(attach, "attach", "title");
    label(file, "attach", "aria-label");
    var go = label(el("button"), "send");
    go.type = "submit";
    form.append(name, input, file, attach, go);
    root.appendChild(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      send({ text: text });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    file.addEventListener("change", upload);
    if (target) {
      target.appendChild(root);
      return;
    }
    root.classList.add("gopy-float");
    root.hidden = true;
    root.id = id + "-box";
    var launcher = label(el("button", "gopy-launcher"), "open");
    launcher.type = "button";
    launcher.setAttribute("aria-controls", root.id);
    launcher.setAttribute("aria-expanded", "false");
    var close = el("button", null, "\u00D7");
    close.type = "button";
    label(close, "close", "aria-label");
    head.appendChild(close);
    function toggle(open) {
      root.hidden = !open;
      launcher.hidden = open;
      launcher.setAttribute("aria-expanded", String(open));
      (open ? input : launcher).focus();
    }
    launcher.addEventListener("click", function () { toggle(true); });
    close.addEventListener("click", function () { toggle(false); });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape") toggle(false);
    });
    document.body.append(root, launcher);
    if (!document.querySelector('link[href$="/chat/widget.css"]')) {
      var css = el("link");
      css.rel = "stylesheet";
      css.href = base + "/widget.css";
      document.head.appendChild(css);
    }
  }

  function start() {
    var target = script.getAttribute("data-target");
    call("/session").then(function (data) {
      texts = data.texts;
      locale = data.locale;
      build(target && document.getElementById(target));
      show(data.messages || []);
      if ("WebSocket" in window) connect(); else poll();
    }, function () {
      setTimeout(start, 5000);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
