// The check-in desk (docs/adr/0029). Codes are read by the browser's BarcodeDetector where it has
// one, else by the server from camera frames; every code is verified here with the published keys
// (WebCrypto, ES256), kept in this phone's storage, and uploaded as a batch at once when online or
// when the network comes back. Offline without a detector, the cadre takes a picture of the code:
// the picture is kept and read when back online.
(() => {
  'use strict';
  const root = document.getElementById('checkin');
  if (!root) return;
  const sessionId = Number(root.dataset.session);
  const csrf = root.dataset.csrf;
  const text = (name) => root.getAttribute(`data-t-${name}`) ?? name;
  const $ = (id) => document.getElementById(id);
  const video = $('camera');
  const reader = $('reader');
  const results = $('results');
  const captureButton = $('capture');
  const KEYS = 'jufu.checkin.keys';
  const QUEUE = `jufu.checkin.queue.${sessionId}`;
  const SKEW_SECONDS = 300;
  const MAX_FRAMES = 40;
  const recent = new Map();
  let detector = null;
  let flushing = false;

  // --- storage -------------------------------------------------------------------------------
  const load = () => JSON.parse(localStorage.getItem(QUEUE) ?? '[]');
  const save = (items) => localStorage.setItem(QUEUE, JSON.stringify(items));
  const enqueue = (item) => {
    save([...load(), item]);
    render();
  };
  const drop = (ids) => save(load().filter((i) => !ids.includes(i.id)));
  const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  async function refreshKeys() {
    if (!navigator.onLine) return;
    try {
      const r = await fetch('/checkin/keys', { headers: { Accept: 'application/json' } });
      if (r.ok) localStorage.setItem(KEYS, await r.text());
    } catch {
      // Keep the keys fetched before.
    }
  }

  // --- verification with the published keys ---------------------------------------------------
  const b64u = (s) => {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  };
  const json = (s) => JSON.parse(new TextDecoder().decode(b64u(s)));

  async function verify(code) {
    const parts = code.split('.');
    if (parts.length !== 3) return { verdict: 'bad' };
    let header;
    let claims;
    try {
      header = json(parts[0]);
      claims = json(parts[1]);
    } catch {
      return { verdict: 'bad' };
    }
    if (header.alg !== 'ES256') return { verdict: 'bad' };
    const set = JSON.parse(localStorage.getItem(KEYS) ?? '{"keys":[]}');
    const jwk = (set.keys ?? []).find((k) => k.kid === header.kid);
    if (!jwk) return { verdict: 'nokey', claims };
    let ok = false;
    try {
      const key = await crypto.subtle.importKey('jwk',
        { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true },
        { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, b64u(parts[2]),
        new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
    } catch {
      ok = false;
    }
    if (!ok) return { verdict: 'bad' };
    if (Number(claims.sid) !== sessionId) return { verdict: 'wrong-session', claims };
    const now = Date.now() / 1000;
    if (claims.nbf && now + SKEW_SECONDS < claims.nbf) return { verdict: 'early', claims };
    if (claims.exp && now - SKEW_SECONDS > claims.exp) return { verdict: 'late', claims };
    return { verdict: 'ok', claims };
  }

  // --- what the cadre sees ---------------------------------------------------------------------
  function line(id, message, kind, registration) {
    let li = id ? results.querySelector(`li[data-id="${id}"]`) : null;
    if (!li) {
      li = document.createElement('li');
      if (id) li.dataset.id = id;
      results.prepend(li);
    }
    if (registration) li.dataset.registration = registration;
    li.className = `result ${kind}`;
    li.textContent = message;
  }

  const who = (claims) => (claims
    ? `${text('registration')} #${claims.sub} · ${claims.p} ${text('persons')} · ` : '');

  function render() {
    $('net').textContent = navigator.onLine ? text('online') : text('offline');
    const n = load().length;
    $('pending').textContent = text('pending').replace('{0}', n);
  }

  // --- accepting a code ------------------------------------------------------------------------
  async function accept(raw) {
    const code = raw.trim();
    if (!code) return;
    const seen = recent.get(code);
    if (seen && Date.now() - seen < 15_000) return;
    recent.set(code, Date.now());
    const { verdict, claims } = await verify(code);
    if (verdict === 'ok' || verdict === 'nokey') {
      const id = newId();
      line(id, `${who(claims)}${text(verdict === 'ok' ? 'ok' : 'nokey')}`, 'pending', claims?.sub);
      enqueue({ id, code, scannedAt: new Date().toISOString() });
      flush();
    } else {
      const key = { bad: 'bad', 'wrong-session': 'wrong', early: 'early', late: 'late' }[verdict];
      line(null, `${who(claims)}${text(key)}`, 'refused', claims?.sub);
    }
  }

  // --- uploading -------------------------------------------------------------------------------
  const post = (path, body, type) => fetch(`/console/sessions/${sessionId}/${path}`, {
    method: 'POST', body, credentials: 'same-origin', redirect: 'error',
    headers: { 'Content-Type': type, 'X-CSRF-Token': csrf, Accept: 'application/json' },
  });

  async function readKeptFrames() {
    for (const item of load().filter((i) => i.frame)) {
      const blob = await (await fetch(item.frame)).blob();
      const r = await post('checkin/frame', blob, blob.type);
      if (r.status === 200) {
        const { code } = await r.json();
        const { verdict, claims } = await verify(code);
        if (verdict === 'ok' || verdict === 'nokey') {
          save(load().map((i) => (i.id === item.id ? { id: i.id, code, scannedAt: i.scannedAt } : i)));
          line(item.id, `${who(claims)}${text('ok')}`, 'pending', claims?.sub);
        } else {
          drop([item.id]);
          line(item.id, `${who(claims)}${text(verdict === 'wrong-session' ? 'wrong' : verdict)}`,
            'refused', claims?.sub);
        }
      } else if (r.status === 204) {
        drop([item.id]);
        line(item.id, text('frame-unreadable'), 'refused');
      } else {
        throw new Error(`frame: ${r.status}`);
      }
    }
  }

  async function flush() {
    if (flushing || !navigator.onLine) {
      render();
      return;
    }
    flushing = true;
    try {
      await readKeptFrames();
      const codes = load().filter((i) => i.code).slice(0, 500);
      if (codes.length) {
        const r = await post('checkin/batch',
          JSON.stringify({ items: codes.map((i) => ({ code: i.code, scannedAt: i.scannedAt })) }),
          'application/json');
        if (!r.ok) throw new Error(`batch: ${r.status}`);
        const answer = await r.json();
        for (const item of answer.items) {
          const sent = codes[item.index];
          const outcome = text(`outcome-${item.outcome.toLowerCase()}`);
          const reg = item.registrationId ?? '';
          if (item.outcome === 'CHECKED_IN' || item.outcome === 'ALREADY_CHECKED_IN') {
            recent.set(sent.code, Number.POSITIVE_INFINITY); // in: never again on this page
          }
          line(sent.id, `${text('registration')} #${reg} · ${item.persons ?? ''} ${text('persons')} · ${outcome}`,
            `outcome-${item.outcome}`, reg);
        }
        drop(codes.map((i) => i.id));
      }
    } catch {
      // The network or the session went away: everything stays queued for the next try.
    } finally {
      flushing = false;
      render();
    }
  }

  // --- the camera ------------------------------------------------------------------------------
  function frameBlob(type = 'image/jpeg') {
    const canvas = document.createElement('canvas');
    const scale = Math.min(1, 960 / (video.videoWidth || 960));
    canvas.width = Math.round((video.videoWidth || 640) * scale);
    canvas.height = Math.round((video.videoHeight || 480) * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, type, 0.85));
  }

  async function tick() {
    try {
      if (detector) {
        for (const found of await detector.detect(video)) await accept(found.rawValue);
      } else if (navigator.onLine && video.readyState >= 2) {
        const r = await post('checkin/frame', await frameBlob(), 'image/jpeg');
        if (r.status === 200) await accept((await r.json()).code);
      }
    } catch {
      // A frame that could not be read: the next one will do.
    }
    setTimeout(tick, detector ? 250 : 900);
  }

  async function start() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
    } catch {
      reader.textContent = text('nocamera');
      return;
    }
    video.srcObject = stream;
    await video.play();
    if ('BarcodeDetector' in window) {
      try {
        // eslint-disable-next-line no-undef
        if ((await BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
          // eslint-disable-next-line no-undef
          detector = new BarcodeDetector({ formats: ['qr_code'] });
        }
      } catch {
        detector = null;
      }
    }
    reader.textContent = `${text('scanning')} ${detector ? text('reader-device') : text('reader-server')}`;
    captureButton.hidden = detector !== null;
    $('start').hidden = true;
    tick();
  }

  async function capture() {
    if (load().filter((i) => i.frame).length >= MAX_FRAMES) return;
    const blob = await frameBlob();
    const frame = await new Promise((resolve) => {
      const fr = new FileReader();
      fr.onload = () => resolve(fr.result);
      fr.readAsDataURL(blob);
    });
    const id = newId();
    line(id, text('frame'), 'pending');
    enqueue({ id, frame, scannedAt: new Date().toISOString() });
    flush();
  }

  $('start').addEventListener('click', start);
  captureButton.addEventListener('click', capture);
  $('sync').addEventListener('click', flush);
  $('typed').addEventListener('submit', (e) => {
    e.preventDefault();
    const field = $('typed-code');
    recent.delete(field.value.trim());
    accept(field.value).then(() => { field.value = ''; });
  });
  window.addEventListener('online', () => refreshKeys().then(flush));
  window.addEventListener('offline', render);
  setInterval(flush, 15_000);
  render();
  refreshKeys().then(flush);
})();
