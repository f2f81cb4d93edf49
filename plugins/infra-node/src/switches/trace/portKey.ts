/*
 * One switch names a port differently in different listings (`GigabitEthernet1/0/1` in the MAC
 * table, `Gi1/0/1` in interface status and LLDP; `ge-0/0/1.0` vs `ge-0/0/1`; `Te 0/32`), so facts
 * about a port are joined on a canonical key.
 */
const PREFIXES: Array<[RegExp, string]> = [
  [/^(?:hundredgig(?:abit)?e(?:thernet)?|hu)(?=\d)/, 'hu'],
  [/^(?:fortygig(?:abit)?e(?:thernet)?|fo)(?=\d)/, 'fo'],
  [/^(?:twentyfivegig(?:abit)?e(?:thernet)?|twe)(?=\d)/, 'twe'],
  [/^(?:tengig(?:abit)?e(?:thernet)?|te)(?=\d)/, 'te'],
  [/^(?:gigabitethernet|gige|gig|gi)(?=\d)/, 'gi'],
  [/^(?:fastethernet|fa)(?=\d)/, 'fa'],
  [/^(?:ethernet|eth|et)(?=\d)/, 'et'],
  [/^(?:port-channel|po)(?=\d)/, 'po'],
];

export function portKey(port: string): string {
  let p = port.trim().toLowerCase().replace(/\s+/g, '');
  // Junos logical unit (ge-0/0/1.0, ae3.0).
  if (/^[a-z]+-\d|^ae\d/.test(p)) p = p.replace(/\.\d+$/, '');
  for (const [re, short] of PREFIXES) {
    if (re.test(p)) return p.replace(re, short);
  }
  return p;
}
