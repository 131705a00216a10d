#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The YNL spec and the uapi header describe the same family: the spec
# validates against the kernel's genetlink schema, the kernel's ynl-gen-c
# renders it into a uapi header, and every constant of that rendering has
# the same value in uapi/linux/lmisf.h (checked by the C compiler),
# every constant of the header is in the spec, and the spec's structs have
# the header's layout. Runs on the host or a guest;
# skips without the kernel's YNL (tools/ksrc.sh), python3-yaml or a
# compiler.
source "$(dirname "$0")/lib.sh"

spec=$LMISF_ROOT/Documentation/netlink/specs/lmisf.yaml
hdr=${LMISF_HDR:-$LMISF_ROOT/uapi/linux/lmisf.h}
py=/usr/bin/python3
KSRC=${KSRC:-$("$LMISF_ROOT/tools/ksrc.sh" 2>/dev/null)} || skip_all "no kernel YNL (tools/ksrc.sh)"
[ -f "$KSRC/tools/net/ynl/ynl-gen-c.py" ] || skip_all "no ynl-gen-c.py in $KSRC"
$py -c 'import yaml, jsonschema' 2>/dev/null || skip_all "python3-yaml/jsonschema missing"
command -v cc >/dev/null || skip_all "no C compiler"

ktap_print_header
ktap_set_plan 6
OUT=$(mktemp -d)
defer "rm -rf $OUT"

ktap_check "spec validates against genetlink-legacy.yaml" \
	$py -c 'import sys; sys.path.insert(0, sys.argv[1] + "/tools/net/ynl")
from lib import SpecFamily
SpecFamily(sys.argv[2], sys.argv[1] + "/Documentation/netlink/genetlink-legacy.yaml")' \
	"$KSRC" "$spec"

# ynl-gen-c wants the spec inside a kernel tree (MAINTAINERS, the schema
# next to the specs directory): a throwaway one.
mkdir -p "$OUT/tree/Documentation/netlink/specs"
touch "$OUT/tree/MAINTAINERS"
ln -s "$KSRC/Documentation/netlink/genetlink-legacy.yaml" "$OUT/tree/Documentation/netlink/"
cp "$spec" "$OUT/tree/Documentation/netlink/specs/"
gen=$OUT/gen.h
ktap_check "ynl-gen-c renders the uapi header" \
	sh -c "cd '$KSRC' && timeout 120 $py tools/net/ynl/ynl-gen-c.py --mode uapi --header \
		--spec '$OUT/tree/Documentation/netlink/specs/lmisf.yaml' -o '$gen' >'$OUT/gen.log' 2>&1"
[ -s "$gen" ] || sed 's/^/# /' "$OUT/gen.log"

# enumerators FILE: names of the enumerators and value #defines of FILE.
enumerators() {
	$py - "$1" <<-'PYEOF'
	import re, sys
	text = open(sys.argv[1]).read()
	text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
	for body in re.findall(r'enum\s+\w+\s*\{(.*?)\}', text, flags=re.S):
	    for item in body.split(','):
	        m = re.match(r'\s*([A-Z][A-Z0-9_]*)', item)
	        if m:
	            print(m.group(1))
	for m in re.finditer(r'#define\s+(LMISF_[A-Z0-9_]+)\s+[0-9(]', text):
	    print(m.group(1))
	PYEOF
}

# Spec -> header: every name the spec renders exists in the header with the
# same value (the compiler evaluates both headers).
check_values() {
	[ -s "$gen" ] || return 1
	# The family name/version are compared below; the header spells the
	# limit of enum lmisf_target_type LMISF_TARGET_TYPE_MAX.
	enumerators "$gen" | grep -vE '^__|^LMISF_FAMILY_' | sort -u >"$OUT/gen.names"
	enumerators "$hdr" | sort -u >"$OUT/hdr.names"
	comm -23 "$OUT/gen.names" "$OUT/hdr.names" | grep -vx LMISF_TARGET_MAX \
		>"$OUT/missing"
	if [ -s "$OUT/missing" ]; then
		sed 's/^/# in the spec, not in the header: /' "$OUT/missing"
		return 1
	fi
	{
		echo '#include <stdio.h>'
		echo "#include \"$gen\""
		echo 'int main(void) {'
		sed 's/.*/printf("%s %lld\\n", "&", (long long)(&));/' "$OUT/gen.names"
		echo 'return 0; }'
	} >"$OUT/dump.c"
	cc -o "$OUT/dump" "$OUT/dump.c" && "$OUT/dump" >"$OUT/values" || return 1
	{
		echo "#include \"$hdr\""
		sed 's/^LMISF_TARGET_MAX /LMISF_TARGET_TYPE_MAX /' "$OUT/values" |
			awk '{ printf "_Static_assert(%s == %s, \"%s: spec says %s\");\n", $1, $2, $1, $2 }' 
	} >"$OUT/assert.c"
	cc -std=c11 -fsyntax-only "$OUT/assert.c" 2>&1 | grep -o '"[A-Z_0-9]*: spec says [0-9-]*"' |
		sort -u | sed 's/^/# /'
	cc -std=c11 -fsyntax-only "$OUT/assert.c" 2>/dev/null
}
ktap_check "every constant the spec renders has its value in uapi/linux/lmisf.h" check_values

# Header -> spec: every constant of the header is in the spec (the limits
# LMISF_*_MAX of enums are the header's own, and enum type names differ).
check_names() {
	[ -s "$gen" ] || return 1
	comm -13 "$OUT/gen.names" "$OUT/hdr.names" |
		grep -vE '_MAX$|^LMISF_GENL_(NAME|VERSION)$' >"$OUT/extra"
	[ -s "$OUT/extra" ] && sed 's/^/# in the header, not in the spec: /' "$OUT/extra"
	[ ! -s "$OUT/extra" ]
}
ktap_check "every constant of uapi/linux/lmisf.h is in the spec" check_names

check_family() {
	# The two headers clash as a whole; compare the name and version alone.
	n_spec=$(sed -n 's/^#define LMISF_FAMILY_NAME[[:space:]]*"\(.*\)"/\1/p' "$gen")
	v_spec=$(sed -n 's/^#define LMISF_FAMILY_VERSION[[:space:]]*\([0-9]*\)/\1/p' "$gen")
	n_hdr=$(sed -n 's/^#define LMISF_GENL_NAME[[:space:]]*"\(.*\)"/\1/p' "$hdr")
	v_hdr=$(sed -n 's/^#define LMISF_GENL_VERSION[[:space:]]*\([0-9]*\)/\1/p' "$hdr")
	[ -n "$n_spec" ] && [ "$n_spec $v_spec" = "$n_hdr $v_hdr" ] ||
		{ echo "# family: spec '$n_spec' v$v_spec, header '$n_hdr' v$v_hdr"; return 1; }
}
ktap_check "family name and version agree" check_family

# The structs (ynl-gen-c does not render them): each member of the spec at
# the offset and with the size it has in the header's struct, packed as
# the spec's member list says (YNL decodes them that way), and the
# header's struct no larger than the members.
check_structs() {
	$py - "$spec" "$hdr" >"$OUT/structs.c" <<-'PYEOF' || return 1
	import sys, yaml
	spec = yaml.safe_load(open(sys.argv[1]))
	consts = {d['name']: d['value'] for d in spec['definitions']
	          if d['type'] == 'const'}
	size = {'u8': 1, 'u16': 2, 'u32': 4, 'u64': 8,
	        's8': 1, 's16': 2, 's32': 4, 's64': 8}
	c = lambda n: n.replace('-', '_')
	print('#include <stddef.h>')
	print('#include "' + sys.argv[2] + '"')
	n = 0
	for d in spec['definitions']:
	    if d['type'] != 'struct':
	        continue
	    n += 1
	    st = 'struct lmisf_' + c(d['name'])
	    off = 0
	    for m in d['members']:
	        ln = size.get(m['type']) or consts.get(m.get('len'), m.get('len'))
	        f = c(m['name'])
	        print(f'_Static_assert(offsetof({st}, {f}) == {off}, "{st}.{f} at {off}");')
	        print(f'_Static_assert(sizeof((({st} *)0)->{f}) == {ln}, "{st}.{f} of {ln}");')
	        off += int(ln)
	    print(f'_Static_assert(sizeof({st}) == {off}, "{st} of {off}");')
	if not n:
	    sys.exit('no struct in the spec')
	PYEOF
	cc -std=c11 -fsyntax-only "$OUT/structs.c" 2>&1 | grep -o '"struct [^"]*"' | sed 's/^/# differs: /'
	cc -std=c11 -fsyntax-only "$OUT/structs.c" 2>/dev/null
}
ktap_check "the spec's structs have the layout of the header's" check_structs
ktap_finished
