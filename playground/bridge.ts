// The sidebar's google.script.run inside the playground. In Apps Script the HtmlService page gets
// a client library that serialises the arguments, refuses what cannot cross (Dates, functions,
// DOM nodes), calls the server function and hands the answer to the success or failure handler,
// always asynchronously. This shim does the same over POST /api/run; the server applies the rules
// again through the emulator's runner, as Apps Script's server would.

/** Plain ES2017 so it runs in any browser as-is; it is injected, not bundled. */
export const SCRIPT_RUN_SHIM = `(function () {
  'use strict';
  function illegal(key) { return new Error('Failed due to illegal value in property: ' + key); }
  function isPlain(value) {
    var proto = Object.getPrototypeOf(value);
    return proto === null || Object.getPrototypeOf(proto) === null;
  }
  // Mirrors the runner's transferArgument: the same keys in the same messages.
  function copy(value, key, path) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Object.prototype.toString.call(value) === '[object Date]' || typeof value.nodeType === 'number') throw illegal(key);
    if (path.indexOf(value) >= 0) throw new Error('Failed due to circular reference.');
    path.push(value);
    try {
      if (Array.isArray(value)) {
        return Array.from(value, function (item, index) { var sent = copy(item, String(index), path); return sent === undefined ? null : sent; });
      }
      if (!isPlain(value)) throw illegal(key);
      var out = {};
      Object.keys(value).forEach(function (k) { var sent = copy(value[k], k, path); if (sent !== undefined) out[k] = sent; });
      return out;
    } finally {
      path.pop();
    }
  }
  function later(fn) { Promise.resolve().then(fn); }
  function runner(success, failure, userObject) {
    var fail = function (error) { later(function () { if (failure) failure(error, userObject); }); };
    return new Proxy({}, {
      get: function (_target, name) {
        if (typeof name !== 'string') return undefined;
        if (name === 'withSuccessHandler') return function (fn) { return runner(fn, failure, userObject); };
        if (name === 'withFailureHandler') return function (fn) { return runner(success, fn, userObject); };
        if (name === 'withUserObject') return function (object) { return runner(success, failure, object); };
        return function () {
          var args;
          try {
            args = Array.prototype.map.call(arguments, function (arg, index) { return copy(arg, String(index), []); });
          } catch (error) {
            fail(error);
            return;
          }
          fetch('/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: name, args: args }) })
            .then(function (response) { return response.json(); })
            .then(function (answer) {
              if (answer.ok) later(function () { if (success) success(answer.result, userObject); });
              else fail(new Error(answer.error));
              // The page redraws the grid after anything the sidebar did.
              if (window.parent !== window) window.parent.postMessage({ source: 'handoff-register-sidebar', kind: 'ran', name: name }, location.origin);
            }, function () { fail(new Error('NetworkError: Connection failure due to HTTP 0')); });
        };
      },
    });
  }
  window.google = {
    script: {
      run: runner(null, null, undefined),
      host: {
        close: function () {
          fetch('/api/sidebar/close', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(function () {
            if (window.parent !== window) window.parent.postMessage({ source: 'handoff-register-sidebar', kind: 'closed' }, location.origin);
          });
        },
      },
    },
  };
})();`;

/** The sidebar page with the shim in place before any of the sidebar's own scripts run. */
export function withScriptRunShim(sidebarHtml: string): string {
  const tag = `<script>${SCRIPT_RUN_SHIM}</script>`;
  const head = /<head(\s[^>]*)?>/i.exec(sidebarHtml);
  if (head) return sidebarHtml.slice(0, head.index + head[0].length) + tag + sidebarHtml.slice(head.index + head[0].length);
  const script = sidebarHtml.search(/<script[\s>]/i);
  return script >= 0 ? sidebarHtml.slice(0, script) + tag + sidebarHtml.slice(script) : tag + sidebarHtml;
}
