#!/usr/bin/env bash
# Regenerates data/common-passwords.txt, the list of common passwords that
# kith refuses (domain/accounts.hpp; compiled into the binary by CMake).
#
#   scripts/update-common-passwords.sh [VERSION]   # default: the version pinned below
#
# Source: the passwords dictionary (src/passwords.json) of the npm package
# @zxcvbn-ts/language-common (MIT), fetched with `npm pack`. Each entry is
# lower-cased and the list deduplicated, in the package's order (most common
# first). The file starts with comment lines beginning "# "; no entry can,
# since entries with white space are refused here. Needs npm and node.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly PACKAGE=@zxcvbn-ts/language-common
readonly VERSION=${1:-4.1.3}
readonly OUT=data/common-passwords.txt

command -v npm >/dev/null || { echo "update-common-passwords: needs npm: apt-get install -y npm" >&2; exit 1; }
command -v node >/dev/null || { echo "update-common-passwords: needs node: apt-get install -y nodejs" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
[ -f "$work/package/src/passwords.json" ] ||
  { echo "update-common-passwords: $PACKAGE@$VERSION has no src/passwords.json" >&2; exit 1; }

mkdir -p data
node - "$work/package" "$OUT.tmp" <<'EOF'
const fs = require('fs');
const [dir, out] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(dir + '/package.json', 'utf8'));
const words = JSON.parse(fs.readFileSync(dir + '/src/passwords.json', 'utf8'));
if (!Array.isArray(words)) throw new Error('src/passwords.json is not a list');
const seen = new Set();
const list = [];
for (const w of words) {
  if (typeof w !== 'string' || w.length === 0) throw new Error('an entry is not a non-empty string: ' + JSON.stringify(w));
  // kith compares lower-cased ASCII (domain/passwords.cpp); a list entry
  // outside printable ASCII, or with white space, would need another rule.
  if (!/^[\x21-\x7e]+$/.test(w)) throw new Error('an entry is not printable ASCII without spaces: ' + JSON.stringify(w));
  // The list is compiled in as a C++ raw string (CMakeLists.txt).
  if (w.includes(')kithpw"')) throw new Error('an entry holds the raw-string delimiter: ' + w);
  const key = w.toLowerCase();
  if (!seen.has(key)) { seen.add(key); list.push(key); }
}
const header = [
  `# Common passwords that kith refuses, one a line, lower-cased and deduplicated.`,
  `# Source: npm package ${pkg.name}@${pkg.version}, src/passwords.json (license: ${pkg.license}).`,
  `# Regenerate with scripts/update-common-passwords.sh; do not edit by hand.`,
  `# count: ${list.length}`,
];
fs.writeFileSync(out, header.join('\n') + '\n' + list.join('\n') + '\n');
console.log(`update-common-passwords: ${list.length} passwords from ${pkg.name}@${pkg.version} into ${out.replace(/\.tmp$/, '')}`);
EOF
mv "$OUT.tmp" "$OUT"
