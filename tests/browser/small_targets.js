min => {
  // Tap targets under `min` px in <main>; conftest.py says what counts.
  const main = document.querySelector('main');
  if (!main) return ['no <main> element'];
  const out = [];
  const pseudoBox = (el, which) => {
    const st = getComputedStyle(el, which);
    if (st.content === 'none' || st.position !== 'absolute') return null;
    let cb = el;
    while (cb && cb !== document.body && getComputedStyle(cb).position === 'static') cb = cb.parentElement;
    const r = cb.getBoundingClientRect();
    const px = v => (v.endsWith('px') ? parseFloat(v) : NaN);
    const [t, ri, b, l] = [px(st.top), px(st.right), px(st.bottom), px(st.left)];
    if ([t, ri, b, l].some(Number.isNaN)) return null;
    return {width: r.width - l - ri, height: r.height - t - b};
  };
  const targets = main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, label');
  for (const el of targets) {
    if ((el.type === 'radio' || el.type === 'checkbox') && el.labels && el.labels.length) continue;
    if (el.tagName === 'LABEL' && !(el.control && (el.control.type === 'radio' || el.control.type === 'checkbox'))) continue;
    if (el.tagName === 'A') {
      const block = el.closest('p, td, dd, li');
      if (block && block.tagName !== 'LI' && block.textContent.trim().length > el.textContent.trim().length + 2) continue;
    }
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (el.closest('.cp-sr')) continue;
    let w = r.width, h = r.height;
    for (const child of el.querySelectorAll('img, svg, span, div')) {  // an inline link around a picture
      const c = child.getBoundingClientRect();
      w = Math.max(w, c.width); h = Math.max(h, c.height);
    }
    for (const which of ['::before', '::after']) {
      const box = pseudoBox(el, which);
      if (box) { w = Math.max(w, box.width); h = Math.max(h, box.height); }
    }
    if (h < min - 0.5 || w < min - 0.5) {
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 30);
      out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} "${text}" ${Math.round(w)}x${Math.round(h)}`);
    }
  }
  return out.slice(0, 12);
}
