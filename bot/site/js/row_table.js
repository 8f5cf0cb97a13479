row => {
  const table = row.closest('table, [role=table], [role=grid]');
  if (!table) return ['', 0];
  const lines = [...table.querySelectorAll('tr, [role=row]')].filter(r => !r.querySelector('th, [role=columnheader]'));
  return [tableTitle(table), lines.length];
}
