#!/bin/sh
# gen_syscalls.sh: regenerate the checked-in syscall tables
#   src/syscalls/syscallent_x86_64.c   from <asm/unistd_64.h>
#   src/syscalls/syscallent_i386.c     from <asm/unistd_32.h>
# joined by name with src/syscalls/signatures.in (format described there).
#
#   sh tools/gen_syscalls.sh
#
# Run it by hand after editing signatures.in or when new kernel headers add
# syscalls, and commit the result: the build never reads kernel headers.
# UNISTD_64 and UNISTD_32 point at other copies of the headers.
#
# Each number in a header gets a row named as the kernel names it; numbers
# the header skips are rows with a NULL name.  Every x86_64 syscall needs a
# signature; an i386 one without any gets six hex arguments.  A signature for
# a name in neither header is an error, as is an unknown arg kind, class or
# xlat table.  The output depends only on the inputs, so rerunning it on the
# same headers changes nothing.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
sigs=src/syscalls/signatures.in
inc=/usr/include/x86_64-linux-gnu/asm
UNISTD_64=${UNISTD_64:-$inc/unistd_64.h}
UNISTD_32=${UNISTD_32:-$inc/unistd_32.h}

die()
{
	echo "gen_syscalls.sh: $*" >&2
	exit 1
}

cd "$root"
for f in "$UNISTD_64" "$UNISTD_32" "$sigs"; do
	[ -r "$f" ] || die "cannot read '$f'"
done

# gen ARCH UNISTD OTHER_UNISTD OUT
gen()
{
	arch=$1
	out=$4
	tmp=$out.tmp.$$
	xlats=$(cd src/xlat && ls *.in 2>/dev/null | sed 's/\.in$//' | tr '\n' ' ')
	if ! awk -v arch="$arch" -v hdr="$(basename "$2")" -v sigs="$sigs" \
		-v xlats="$xlats" '
function fail(msg)
{
	printf "gen_syscalls.sh: %s\n", msg > "/dev/stderr"
	failed = 1
	exit 1
}

BEGIN {
	split("int uint long ulong hex ptr fd dirfd path str buf_out oct signal out", t, " ")
	split("INT UINT LONG ULONG HEX PTR FD DIRFD PATH STR BUF_OUT OCT SIGNAL OUT_PTR", u, " ")
	for (i in t)
		akind[t[i]] = "AK_" u[i]
	split("int hex fd uint oct noret", t, " ")
	split("SF_RET_INT SF_RET_HEX SF_RET_FD SF_RET_UINT SF_RET_OCT SF_NORET", u, " ")
	for (i in t)
		rkind[t[i]] = u[i]
	split("file desc network process memory signal ipc clock creds stat lstat fstat statfs pure", t, " ")
	for (i in t)
		tclass[t[i]] = "TC_" toupper(t[i])
	n = split(xlats, t, " ")
	for (i = 1; i <= n; i++)
		xlat[t[i]] = 1
	maxnr = -1
}

# Pass 1 and 2: the headers (this arch, then the other one, for name checks).
FILENAME != sigs && $1 == "#define" && $2 ~ /^__NR_/ {
	name = substr($2, 6)
	if ($3 !~ /^[0-9]+$/)
		fail(FILENAME ": cannot read " $0)
	if (thishdr == "")
		thishdr = FILENAME
	known[name] = 1
	if (FILENAME != thishdr)
		next
	nr = $3 + 0
	if (nr in rowname)
		fail(FILENAME ": " rowname[nr] " and " name " are both " nr)
	rowname[nr] = name
	numof[name] = nr
	if (nr > maxnr)
		maxnr = nr
	next
}

FILENAME != sigs { next }

# Pass 3: signatures.
/^[ \t]*(#|$)/ { next }

{
	key = $1
	base = key
	sfx = ""
	if (key ~ /@/) {
		base = substr(key, 1, index(key, "@") - 1)
		sfx = substr(key, index(key, "@") + 1)
		if (sfx != "x86_64" && sfx != "i386")
			fail(sigs ":" FNR ": unknown arch in " key)
	}
	if (base !~ /^[a-z_][a-z0-9_]*$/)
		fail(sigs ":" FNR ": bad syscall name " key)
	if (!(base in known))
		fail(sigs ":" FNR ": " base " is in neither " hdr " nor the other unistd header")
	if (key in seen)
		fail(sigs ":" FNR ": " key " listed twice")
	seen[key] = 1
	if (sfx != "" && sfx != arch)
		next
	if (sfx == "" && (base "@" arch) in seen)
		next
	if (!(base in numof)) {
		if (sfx != "")
			fail(sigs ":" FNR ": " base " is not in " hdr)
		next
	}

	na = 0
	args = ""
	ret = "SF_RET_INT"
	cls = ""
	dec = ""
	blen = -1
	for (i = 2; i <= NF; i++) {
		tok = $i
		if (tok ~ /^ret=/) {
			v = substr(tok, 5)
			if (!(v in rkind))
				fail(sigs ":" FNR ": unknown ret kind " v)
			ret = rkind[v]
		} else if (tok ~ /^class=/) {
			m = split(substr(tok, 7), c, ",")
			for (j = 1; j <= m; j++) {
				if (!(c[j] in tclass))
					fail(sigs ":" FNR ": unknown class " c[j])
				cls = cls (cls == "" ? "" : " | ") tclass[c[j]]
			}
		} else if (tok ~ /^decoder=/) {
			dec = substr(tok, 9)
			if (dec !~ /^sys_[a-z0-9_]+$/)
				fail(sigs ":" FNR ": decoder must be sys_NAME: " dec)
		} else if (tok ~ /=/) {
			fail(sigs ":" FNR ": unknown property " tok)
		} else {
			na++
			spec = ""
			if (tok in akind)
				spec = akind[tok] ", 0, NULL"
			else if (tok ~ /^buf_in:[0-5]$/)
				spec = "AK_BUF_IN, " substr(tok, 8) ", NULL"
			else if (tok ~ /^(flags|enum):[a-z0-9_]+$/) {
				x = substr(tok, index(tok, ":") + 1)
				if (!(x in xlat))
					fail(sigs ":" FNR ": no src/xlat/" x ".in")
				spec = (tok ~ /^flags/ ? "AK_FLAGS" : "AK_ENUM") ", 0, &xlat_" x
			} else
				fail(sigs ":" FNR ": unknown arg kind " tok)
			if (tok ~ /^buf_in:/)
				blen = substr(tok, 8) + 0
			args = args "\t{" spec "},\n"
		}
	}
	if (na > 6)
		fail(sigs ":" FNR ": " base " has more than 6 arguments")
	if (blen >= na)
		fail(sigs ":" FNR ": " base ": buf_in length argument out of range")
	sig_nargs[base] = na
	sig_args[base] = args
	sig_ret[base] = ret
	sig_cls[base] = (cls == "" ? "0" : cls)
	sig_dec[base] = dec
}

END {
	if (failed)
		exit 1
	for (nr = 0; nr <= maxnr; nr++) {
		if (!(nr in rowname))
			continue
		name = rowname[nr]
		if (name in sig_nargs)
			continue
		if (arch == "x86_64") {
			missing = missing " " name
			continue
		}
		sig_nargs[name] = 6
		sig_args[name] = ""
		sig_ret[name] = "SF_RET_INT"
		sig_cls[name] = "0"
		sig_dec[name] = ""
		raw6 = 1
	}
	if (missing != "")
		fail(sigs ": no signature for" missing)

	print "/* clang-format off */"
	print "/* generated by tools/gen_syscalls.sh - do not edit"
	printf " * from <asm/%s> and %s */\n", hdr, sigs
	print "#include <stddef.h>"
	print ""
	print "#include \"syscalls/sysent.h\""
	print "#include \"xlat/all.h\""
	print ""
	ndec = 0
	for (nr = 0; nr <= maxnr; nr++)
		if ((nr in rowname) && sig_dec[rowname[nr]] != "" && !(sig_dec[rowname[nr]] in declared)) {
			declared[sig_dec[rowname[nr]]] = 1
			printf "void %s(struct dctx *ctx);\n", sig_dec[rowname[nr]]
			ndec++
		}
	if (ndec)
		print ""
	if (raw6) {
		print "/* i386 syscalls without a signature: six raw words */"
		print "static const struct argspec a_raw6[] = {"
		for (i = 0; i < 6; i++)
			print "\t{AK_HEX, 0, NULL},"
		print "};"
		print ""
	}
	for (nr = 0; nr <= maxnr; nr++) {
		if (!(nr in rowname))
			continue
		name = rowname[nr]
		if (sig_args[name] == "")
			continue
		printf "static const struct argspec a_%s[] = {\n%s};\n", name, sig_args[name]
	}
	print ""
	printf "const struct sysent sysent_%s[] = {\n", arch
	for (nr = 0; nr <= maxnr; nr++) {
		if (!(nr in rowname))
			continue
		name = rowname[nr]
		if (sig_nargs[name] == 0)
			argv = "NULL"
		else if (sig_args[name] == "")
			argv = "a_raw6"
		else
			argv = "a_" name
		printf "\t[%d] = {\"%s\", %s, %s, %d, %s, %s},\n", nr, name, \
		       (sig_dec[name] == "" ? "NULL" : sig_dec[name]), argv, \
		       sig_nargs[name], sig_ret[name], sig_cls[name]
	}
	print "};"
	print ""
	printf "const unsigned nsysent_%s = sizeof sysent_%s / sizeof sysent_%s[0];\n", arch, arch, arch
}
' "$2" "$3" "$sigs" >"$tmp"; then
		rm -f "$tmp"
		exit 1
	fi
	mv -f "$tmp" "$out"
}

gen x86_64 "$UNISTD_64" "$UNISTD_32" src/syscalls/syscallent_x86_64.c
gen i386 "$UNISTD_32" "$UNISTD_64" src/syscalls/syscallent_i386.c
