// Runs the web chat widget in node with a small stand-in for the browser's document, so a
// test can press «send» while the server refuses and see what the citizen is left with.
// Usage: node widget_harness.js WIDGET.js SCENARIO ; prints one JSON line.
"use strict";
const fs = require("fs");
const vm = require("vm");

class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.listeners = {};
    this.className = "";
    this.textContent = "";
    this.value = "";
    this.hidden = false;
    this.files = [];
    this.classList = { add: (c) => { this.className += " " + c; } };
  }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return k in this.attributes ? this.attributes[k] : null; }
  appendChild(c) { this.children.push(c); return c; }
  append(...cs) { cs.forEach((c) => this.appendChild(c)); }
  replaceChild(n, o) { const i = this.children.indexOf(o); if (i >= 0) this.children[i] = n; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  fire(type, event) { (this.listeners[type] || []).forEach((fn) => fn(event)); }
  focus() {}
  requestSubmit() { this.fire("submit", { preventDefault() {} }); }
  walk(found) { found.push(this); this.children.forEach((c) => c.walk && c.walk(found)); return found; }
}

const [widgetPath, scenario] = process.argv.slice(2);
const body = new Element("body");
const head = new Element("head");
const document = {
  readyState: "complete",
  currentScript: { src: "http://gopy.test/chat/widget.js", getAttribute: () => "chat" },
  body, head,
  createElement: (tag) => new Element(tag),
  createTextNode: (text) => ({ textContent: text }),
  querySelector: () => null,
  getElementById: (id) => (id === "chat" ? body : null),
  addEventListener() {},
};

// The server: a session, polls that wait for ever, and a /send the scenario decides.
const answers = {
  refused: { ok: false, status: 429, body: { error: "Bạn gửi nhanh quá." } },
  offline: null, // the network fails
  accepted: { ok: true, status: 200, body: { ok: true } },
};
function fetch(url) {
  if (url.endsWith("/session")) {
    return Promise.resolve(reply({ ok: true, status: 200, body: { locale: "vi", texts: { not_sent: "Chưa gửi được." }, messages: [] } }));
  }
  if (url.includes("/poll")) return new Promise(() => {});
  if (url.endsWith("/send")) {
    const answer = answers[scenario];
    return answer ? Promise.resolve(reply(answer)) : Promise.reject(new TypeError("Failed to fetch"));
  }
  return Promise.reject(new Error("unexpected " + url));
}
function reply(answer) {
  return { ok: answer.ok, status: answer.status, json: () => Promise.resolve(answer.body) };
}

const context = { document, fetch, URL, location: { href: "http://gopy.test/chat" }, setTimeout: () => 0, Math, JSON, String };
context.window = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(widgetPath, "utf8"), context);

setTimeout(() => {
  const all = body.walk([]);
  const input = all.find((e) => e.tagName === "TEXTAREA");
  const form = all.find((e) => e.tagName === "FORM");
  const status = all.find((e) => e.className === "gopy-status");
  input.value = "Cán bộ đòi 500 nghìn mới nhận hồ sơ, tôi đã chờ ba tuần";
  form.fire("submit", { preventDefault() {} });
  setTimeout(() => {
    console.log(JSON.stringify({ input: input.value, status: status.textContent }));
  }, 20);
}, 20);
