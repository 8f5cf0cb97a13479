(button, file) => {
  const row = button.closest('tr, [role=row]');
  if (!row) return [false, false];
  const table = row.closest('table, [role=table], [role=grid]');
  const mine = row.contains(file);
  const other = !mine && (!!row.querySelector('input[type=file]') || (!!table && !table.contains(file)));
  return [mine, other];
}
