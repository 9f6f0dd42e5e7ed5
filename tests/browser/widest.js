limit => {
  // Elements wider than the phone's screen (the deepest ones), to say what to fix.
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && r.width > 0 && !el.closest('.cp-sr') && getComputedStyle(el).position !== 'fixed') {
      if (![...el.children].some(c => c.getBoundingClientRect().right > limit + 1)) {
        out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(r.right));
      }
    }
    if (out.length >= 6) break;
  }
  return out;
}
