() => {
  for (const bar of document.querySelectorAll('progress, [role=progressbar]')) {
    if (!shown(bar)) continue;
    const now = bar.tagName === 'PROGRESS' ? bar.value : parseFloat(bar.getAttribute('aria-valuenow'));
    const max = bar.tagName === 'PROGRESS' ? bar.max : parseFloat(bar.getAttribute('aria-valuemax') || '100');
    if (Number.isFinite(now) && max > 0) return Math.min(1, Math.max(0, now / max));
  }
  return null;
}
