/*
 * <wiretrace-player>: wiretrace in a course page, in one line. A classic script with no
 * dependencies; load it once, then write the element where the figure goes:
 *
 *   <script src="wiretrace/wiretrace-player.js" defer></script>
 *   <wiretrace-player src="wiretrace/" link="s=handshake&t=3" title="The TCP handshake">
 *     <a href="wiretrace/index.html#s=handshake&t=3">The TCP handshake in wiretrace</a>
 *   </wiretrace-player>
 *
 * Attributes: src (the wiretrace folder, or its index.html), link (as the page's hash),
 * title (the frame's accessible name), lang (en|zh), theme (auto|light|dark), autoplay,
 * controls="0", panels="diagram,log,...", lock, maxheight (px, default 560), poster (an
 * image shown until the frame loads; by default, for a scenario's default run, the figure
 * the build pre-rendered: figures/<id>.<lang>.svg, or .narrow.svg in a column up to 760 px
 * wide; for a link with parameters, give the
 * figure the page exports as SVG), eager (load at once).
 *
 * Until it is scrolled near or clicked, it shows a light poster instead of the frame, so a
 * page with ten figures loads one or two. It resizes the frame to its content, and gives
 * play(), pause(), seek(step), getState() and ready() (promises), with DOM events named as
 * the embed's events (ready, play, pause, ended, step, ratechange, linkchange, resize,
 * answer, error; the data in event.detail). Without JavaScript the <a> inside is shown.
 */
(function () {
  'use strict';
  if (!window.customElements || window.customElements.get('wiretrace-player')) return;

  var STYLE =
    ':host{display:block;position:relative;max-width:100%;contain:content}' +
    ':host([hidden]){display:none}' +
    'iframe{display:block;width:100%;height:360px;border:0;color-scheme:normal}' +
    '.poster{all:unset;box-sizing:border-box;display:flex;flex-direction:column;align-items:center;' +
    'justify-content:center;gap:10px;width:100%;min-height:220px;aspect-ratio:16/9;cursor:pointer;' +
    'border:1px solid #d5dbe5;border-radius:12px;background:#f6f8fb;color:#17202e;' +
    'font:600 15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;' +
    'text-align:center;padding:16px;overflow:hidden;position:relative}' +
    '.poster:focus-visible{outline:3px solid #1d5fd6;outline-offset:2px}' +
    '.poster img{position:absolute;inset:0;width:100%;height:100%;object-fit:contain;opacity:.55}' +
    // The run's own figure: its top (the lifelines and first arrows), as a video's still.
    '.poster img.figure{object-fit:cover;object-position:top;opacity:1;background:#fff}' +
    '.poster:has(img.figure)::before{content:"";position:absolute;inset:0;z-index:1;' +
    'background:linear-gradient(to bottom,transparent 45%,rgba(246,248,251,.92) 80%)}' +
    '.poster:has(img.figure) .play,.poster:has(img.figure) .label{z-index:2}' +
    '.poster:has(img.figure) .label{background:rgba(255,255,255,.94);color:#17202e;' +
    'padding:4px 12px;border-radius:999px;box-shadow:0 1px 4px rgba(0,0,0,.18)}' +
    '.play{position:relative;width:56px;height:56px;border-radius:50%;background:#1d5fd6;' +
    'display:grid;place-items:center}' +
    '.play::after{content:"";margin-left:5px;border-style:solid;border-width:11px 0 11px 18px;' +
    'border-color:transparent transparent transparent #fff}' +
    '.label{position:relative;max-width:90%}' +
    '@media (prefers-color-scheme:dark){.poster{background:#11161f;color:#e6ebf2;border-color:#263145}}';

  var count = 0;

  /** The page's address for `src`: a folder gets its index.html. */
  function pageOf(src) {
    var url = new URL(src || 'wiretrace/', document.baseURI);
    url.hash = '';
    if (url.pathname.charAt(url.pathname.length - 1) === '/') url.pathname += 'index.html';
    return url;
  }

  // Keys of a link that choose how a run is shown, not which run it is.
  var VIEW_KEYS = ['s', 't', 'lang', 'speed', 'play', 'autoplay'];

  /**
   * The pre-rendered figure (`<id>.<lang>.svg`, written by the build for every scenario's
   * default run) that shows the run `link` names, or null when the link sets parameters
   * (its run is not pre-rendered). No `s` is the page's default scenario, browse.
   */
  function figureOf(link, lang) {
    var run = { s: 'browse' };
    var parts = (link || '').replace(/^#/, '').split('&');
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      var kv = parts[i].split('=');
      var key, value;
      try {
        key = decodeURIComponent(kv[0]).trim();
        value = decodeURIComponent(kv.slice(1).join('=')).trim();
      } catch (e) {
        return null;
      }
      if (!key) continue;
      if (VIEW_KEYS.indexOf(key) < 0) return null;
      run[key] = value;
    }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(run.s)) return null;
    var tag = lang || run.lang || (navigator.languages && navigator.languages[0]) || navigator.language || '';
    return run.s + (/^zh(?:[-_]|$)/i.test(tag) ? '.zh' : '.en');
  }

  function flag(el, name) {
    var v = el.getAttribute(name);
    return v !== null && v !== '0' && v !== 'false';
  }

  class WiretracePlayer extends HTMLElement {
    static get observedAttributes() {
      return ['link', 'lang', 'theme'];
    }

    constructor() {
      super();
      this._id = 'wiretrace-' + ++count;
      this._onMessage = this._onMessage.bind(this);
      this._reset();
    }

    _reset() {
      this._frame = null;
      this._observer = null;
      this._replies = {};
      this._next = 0;
      this._playOnReady = false;
      var self = this;
      this._readyData = null;
      this._ready = new Promise(function (resolve) {
        self._resolveReady = resolve;
      });
    }

    connectedCallback() {
      if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
      var root = this.shadowRoot;
      root.textContent = '';
      var style = document.createElement('style');
      style.textContent = STYLE;
      root.appendChild(style);
      window.addEventListener('message', this._onMessage);
      if (flag(this, 'eager') || !('IntersectionObserver' in window)) {
        this._load();
        return;
      }
      this._poster();
      var self = this;
      this._observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) self._load();
        },
        { rootMargin: '200px' },
      );
      this._observer.observe(this);
    }

    disconnectedCallback() {
      window.removeEventListener('message', this._onMessage);
      if (this._observer) this._observer.disconnect();
      if (this.shadowRoot) this.shadowRoot.textContent = '';
      var replies = this._replies;
      Object.keys(replies).forEach(function (id) {
        replies[id].reject(new Error('wiretrace-player was removed'));
      });
      this._reset();
    }

    attributeChangedCallback(name, before, after) {
      if (!this._frame || before === after || after === null) return;
      if (name === 'link') this._post('load', after);
      if (name === 'lang') this._post('setLang', after);
      if (name === 'theme') this._post('setTheme', after);
    }

    _title() {
      return this.getAttribute('title') || 'wiretrace';
    }

    _poster() {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'poster';
      button.setAttribute('aria-label', this._title() + ' (wiretrace): load and play');
      var poster = this.getAttribute('poster');
      var figure = poster ? null : figureOf(this.getAttribute('link'), this.getAttribute('lang'));
      if (poster || figure) {
        var img = document.createElement('img');
        img.alt = '';
        img.decoding = 'async';
        if (figure) {
          // The build's pre-rendered figure of this very run (figures/ beside index.html):
          // the narrow one in a column up to 760 px wide, as the embed's player draws it there.
          var width = this.getBoundingClientRect().width;
          var narrow = width > 0 && width <= 760;
          img.className = 'figure';
          img.src = new URL('figures/' + figure + (narrow ? '.narrow' : '') + '.svg', pageOf(this.getAttribute('src'))).href;
        } else {
          img.src = new URL(poster, document.baseURI).href;
        }
        button.appendChild(img);
      }
      var play = document.createElement('span');
      play.className = 'play';
      button.appendChild(play);
      var label = document.createElement('span');
      label.className = 'label';
      label.textContent = this._title();
      button.appendChild(label);
      var self = this;
      button.addEventListener('click', function () {
        self._playOnReady = true;
        self._load(true);
      });
      this.shadowRoot.appendChild(button);
    }

    /** Builds the frame (once). `focus`: the poster was clicked, keep the focus inside. */
    _load(focus) {
      if (this._frame || !this.shadowRoot) return;
      if (this._observer) this._observer.disconnect();
      var page = pageOf(this.getAttribute('src'));
      this._origin = page.origin;
      var parts = [(this.getAttribute('link') || '').replace(/^#/, ''), 'embed=1', 'autoheight=1'];
      parts.push('player_id=' + encodeURIComponent(this._id));
      if (location.origin && location.origin !== 'null') {
        parts.push('origin=' + encodeURIComponent(location.origin));
      }
      var lang = this.getAttribute('lang');
      if (lang) parts.push('lang=' + encodeURIComponent(lang));
      var theme = this.getAttribute('theme');
      if (theme) parts.push('theme=' + encodeURIComponent(theme));
      // A long run stays a figure in the text: the frame grows with it up to maxheight.
      parts.push('maxheight=' + encodeURIComponent(this.getAttribute('maxheight') || '560'));
      var panels = this.getAttribute('panels');
      if (panels) parts.push('panels=' + encodeURIComponent(panels));
      if (flag(this, 'autoplay')) parts.push('autoplay=1');
      if (this.getAttribute('controls') === '0') parts.push('controls=0');
      if (flag(this, 'lock')) parts.push('lock=1');
      page.hash = parts.filter(Boolean).join('&');
      var frame = document.createElement('iframe');
      frame.title = this._title();
      frame.src = page.href;
      this._frame = frame;
      var root = this.shadowRoot;
      var poster = root.querySelector('.poster');
      if (poster) root.removeChild(poster);
      root.appendChild(frame);
      if (focus) frame.focus();
    }

    _onMessage(e) {
      if (!this._frame || e.source !== this._frame.contentWindow || e.origin !== this._origin) return;
      var msg = e.data;
      if (!msg || typeof msg !== 'object' || msg.wiretrace !== 1) return;
      if (msg.id !== undefined && this._replies[msg.id]) {
        this._replies[msg.id].resolve(msg.value);
        delete this._replies[msg.id];
        return;
      }
      if (typeof msg.event !== 'string') return;
      var data = msg.data || {};
      if (msg.event === 'resize' && typeof data.height === 'number' && data.height > 0) {
        this._frame.style.height = Math.ceil(data.height) + 'px';
      }
      if (msg.event === 'ready' && !this._readyData) {
        this._readyData = data;
        this._resolveReady(data);
        if (this._playOnReady) this._post('play');
      }
      if (msg.event === 'error' && data.id !== undefined && this._replies[data.id]) {
        this._replies[data.id].reject(new Error(data.message));
        delete this._replies[data.id];
      }
      this.dispatchEvent(new CustomEvent(msg.event, { detail: data }));
    }

    _post(method, value, id) {
      if (!this._frame || !this._frame.contentWindow) return;
      var msg = { wiretrace: 1, method: method };
      if (value !== undefined) msg.value = value;
      if (id !== undefined) msg.id = id;
      this._frame.contentWindow.postMessage(msg, this._origin);
    }

    /** Sends a command once the embed is ready; resolves with its reply. */
    _request(method, value) {
      this._load();
      var self = this;
      return this._ready.then(function () {
        return new Promise(function (resolve, reject) {
          var id = self._id + ':' + ++self._next;
          self._replies[id] = { resolve: resolve, reject: reject };
          self._post(method, value, id);
        });
      });
    }

    /** Resolves with the `ready` event's data (loading the frame if it is not yet). */
    ready() {
      this._load();
      return this._ready;
    }
    play() {
      return this._request('play');
    }
    pause() {
      return this._request('pause');
    }
    seek(step) {
      return this._request('seek', { step: step });
    }
    getState() {
      return this._request('getState');
    }
  }

  window.customElements.define('wiretrace-player', WiretracePlayer);
})();
