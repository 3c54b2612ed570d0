/* A small JSON reader for scry's own JSON Lines (scry convert). Values live
 * in an arena; each keeps its source span, so a value can be passed on as
 * the exact text it was written as. */
#ifndef SCRY_JSON_H
#define SCRY_JSON_H
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ };

struct json {
	enum json_type type;
	const char *src; /* the value's text in the input */
	size_t srclen;
	int64_t i;	 /* JSON_NUM (integral part), JSON_BOOL */
	const char *str; /* JSON_STR, decoded, NUL-terminated */
	size_t n;	 /* JSON_ARR / JSON_OBJ: number of items */
	struct json *items;
	const char **keys; /* JSON_OBJ */
};

/* Parses one value filling all of text; NULL on a syntax error. */
struct json *json_parse(struct arena *a, const char *text, size_t len);
/* Member of an object, or NULL. */
const struct json *json_get(const struct json *obj, const char *key);
/* The value's source text, NUL-terminated, in a. */
const char *json_text(struct arena *a, const struct json *v);

#endif
