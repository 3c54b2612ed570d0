/* The structured value a decoder produces and every renderer consumes.
 * All memory lives in the decoding thread's arena. Renderers never read tracee
 * memory: whatever they print must be in here. */
#ifndef SCRY_VALUE_H
#define SCRY_VALUE_H
#include <stdint.h>

#include "lib/arena.h"
#include "xlat/xlat.h"

enum value_kind {
	V_NONE,	    /* not decoded (yet): an output argument before the syscall returned */
	V_INT,	    /* i: signed decimal */
	V_UINT,	    /* u: unsigned decimal */
	V_HEX,	    /* u: 0x... */
	V_OCT,	    /* u: octal with leading 0 (file modes) */
	V_PTR,	    /* u: NULL or 0x... */
	V_FD,	    /* i: file descriptor; AT_FDCWD prints by name */
	V_STR,	    /* s,n: bytes read from the tracee; VF_TRUNC if more followed */
	V_FLAGS,    /* fx: bit set named by an xlat, rest as hex */
	V_ENUM,	    /* fx: one value named by an xlat; unknown prints "0x.. / * X_??? * /" */
	V_STRUCT,   /* items,n: named fields */
	V_ARRAY,    /* items,n: elements; VF_TRUNC if abbreviated */
	V_BADADDR,  /* u: pointer that could not be read; prints as the address */
	V_RAW,	    /* s: preformatted text printed as is (e.g. "8192*1024", status macros) */
	V_ELLIPSIS, /* "...": fields left out for brevity */
	V_CHANGED   /* items[0] => items[1] (n=2): what the caller passed, what the kernel
		     * stored there: [128 => 16], {...} => {parent_tid=[42]} */
};

enum value_flags {
	VF_TRUNC = 1 << 0,    /* string/array longer than shown */
	VF_ZERONAME = 1 << 1, /* V_FLAGS: print the zero-valued name when raw == 0 */
	VF_NOQUOTE = 1 << 2,  /* V_STR: a name, not a C string (rendered bare) */
	VF_OUT = 1 << 3,      /* filled at syscall exit */
	VF_OCT_REST = 1 << 4, /* V_FLAGS: bits no name covers print in octal (S_IFREG|0644) */
	VF_SPACED = 1 << 5,   /* V_ARRAY: items separated by spaces (sigsets: [INT TERM]) */
	VF_NEGATED = 1 << 6,  /* V_ARRAY: a complement set, printed ~[...] */
	VF_CALL = 1 << 7,     /* numbers: printed as comment(value), e.g. htons(3001); the
			       * comment is then the function's name, not a C comment */
	VF_HEX = 1 << 8,      /* V_STR: every byte as \xNN (random bytes: getrandom) */
	VF_FDPATH = 1 << 9,   /* V_FD: comment is what the fd refers to (-y): 3</etc/hosts> */
	VF_CHANGES = 1 << 10, /* an argument the kernel writes back into: the entry line
			       * stops after it, and the exit goes on with " => out"
			       * once the decoder made it V_CHANGED (clone3) */
};

struct value {
	uint8_t kind;
	uint8_t reserved;
	uint16_t flags;	     /* enum value_flags */
	uint32_t n;	     /* V_STR length; V_STRUCT/V_ARRAY item count */
	const char *name;    /* field name inside a V_STRUCT, else NULL */
	const char *comment; /* printed after the value as a C comment, or NULL */
	union {
		int64_t i;
		uint64_t u;
		const char *s;
		struct value *items;
		struct {
			uint64_t raw;
			const struct xlat *x;
		} fx;
	};
};

static inline struct value value_int(int64_t i)
{
	return (struct value){.kind = V_INT, .i = i};
}
static inline struct value value_uint(uint64_t u)
{
	return (struct value){.kind = V_UINT, .u = u};
}
static inline struct value value_hex(uint64_t u)
{
	return (struct value){.kind = V_HEX, .u = u};
}
static inline struct value value_ptr(uint64_t u)
{
	return (struct value){.kind = V_PTR, .u = u};
}
static inline struct value value_fd(int64_t fd)
{
	return (struct value){.kind = V_FD, .i = fd};
}
static inline struct value value_flags(uint64_t raw, const struct xlat *x)
{
	return (struct value){.kind = V_FLAGS, .fx = {raw, x}};
}
static inline struct value value_enum(uint64_t raw, const struct xlat *x)
{
	return (struct value){.kind = V_ENUM, .fx = {raw, x}};
}
static inline struct value value_badaddr(uint64_t addr)
{
	return (struct value){.kind = V_BADADDR, .u = addr};
}
static inline struct value value_raw(const char *s)
{
	return (struct value){.kind = V_RAW, .s = s};
}

/* A struct field: v named. */
static inline struct value value_named(const char *name, struct value v)
{
	v.name = name;
	return v;
}
/* v printed as a call, fn(v): htons(3001), inet_addr("127.0.0.1"). */
static inline struct value value_call(const char *fn, struct value v)
{
	v.flags |= VF_CALL;
	v.comment = fn;
	return v;
}

/* Builders for compound values. */
struct value *value_struct(struct arena *a, struct value *v, uint32_t nfields);
struct value *value_array(struct arena *a, struct value *v, uint32_t nitems);
struct value value_str(struct arena *a, const void *bytes, uint32_t len, int truncated);
/* A struct of the n fields at f (copied into a). */
struct value value_struct_of(struct arena *a, const struct value *f, uint32_t n);
/* An array of the n items at f (copied into a). */
struct value value_array_of(struct arena *a, const struct value *f, uint32_t n);
/* "in => out". */
struct value value_changed(struct arena *a, struct value in, struct value out);

#endif
