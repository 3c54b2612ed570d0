#include "lib/json.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

struct parser {
	struct arena *a;
	const char *p, *end;
	int depth;
};

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int parse_value(struct parser *ps, struct json *v);

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Strings: \u00XX becomes the byte XX (scry writes tracee bytes so), other
 * code points UTF-8. */
static int parse_string(struct parser *ps, const char **out)
{
	const char *start = ++ps->p;
	size_t cap = 0;
	while (ps->p < ps->end && *ps->p != '"') {
		if (*ps->p == '\\')
			ps->p++;
		ps->p++;
		cap++;
	}
	if (ps->p >= ps->end)
		return -1;
	char *buf = arena_alloc(ps->a, cap * 3 + 1), *o = buf;
	for (const char *s = start; s < ps->p; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'u': {
			unsigned cp = 0;
			for (int k = 1; k <= 4; k++) {
				int h = s + k < ps->p ? hexval(s[k]) : -1;
				if (h < 0)
					return -1;
				cp = cp * 16 + (unsigned)h;
			}
			s += 4;
			if (cp < 0x100) {
				*o++ = (char)cp;
			} else if (cp < 0x800) {
				*o++ = (char)(0xc0 | (cp >> 6));
				*o++ = (char)(0x80 | (cp & 0x3f));
			} else {
				*o++ = (char)(0xe0 | (cp >> 12));
				*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*o++ = (char)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default:
			*o++ = *s;
			break;
		}
	}
	*o = '\0';
	*out = buf;
	ps->p++;
	return 0;
}

static int parse_items(struct parser *ps, struct json *v, char close, int obj)
{
	size_t cap = 8;
	struct json *items = arena_alloc(ps->a, cap * sizeof(*items));
	const char **keys = obj ? arena_alloc(ps->a, cap * sizeof(*keys)) : NULL;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		v->items = items;
		v->keys = keys;
		return 0;
	}
	for (;;) {
		if (v->n == cap) {
			struct json *ni = arena_alloc(ps->a, 2 * cap * sizeof(*ni));
			memcpy(ni, items, cap * sizeof(*ni));
			items = ni;
			if (obj) {
				const char **nk = arena_alloc(ps->a, 2 * cap * sizeof(*nk));
				memcpy(nk, keys, cap * sizeof(*nk));
				keys = nk;
			}
			cap *= 2;
		}
		skip_ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"' || parse_string(ps, &keys[v->n]) < 0)
				return -1;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p++ != ':')
				return -1;
		}
		if (parse_value(ps, &items[v->n]) < 0)
			return -1;
		v->n++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			break;
		}
		return -1;
	}
	v->items = items;
	v->keys = keys;
	return 0;
}

static int parse_value(struct parser *ps, struct json *v)
{
	memset(v, 0, sizeof(*v));
	skip_ws(ps);
	if (ps->p >= ps->end || ++ps->depth > MAX_DEPTH)
		return -1;
	v->src = ps->p;
	int rc = 0;
	char c = *ps->p;
	if (c == '{' || c == '[') {
		v->type = c == '{' ? JSON_OBJ : JSON_ARR;
		rc = parse_items(ps, v, c == '{' ? '}' : ']', c == '{');
	} else if (c == '"') {
		v->type = JSON_STR;
		rc = parse_string(ps, &v->str);
	} else if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
		v->type = JSON_BOOL;
		v->i = c == 't';
		ps->p += c == 't' ? 4 : 5;
	} else if (!strncmp(ps->p, "null", 4)) {
		v->type = JSON_NULL;
		ps->p += 4;
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		char *end;
		v->type = JSON_NUM;
		v->i = strtoll(ps->p, &end, 10);
		ps->p = end;
		while (ps->p < ps->end && strchr("0123456789.eE+-", *ps->p))
			ps->p++;
	} else {
		rc = -1;
	}
	ps->depth--;
	v->srclen = (size_t)(ps->p - v->src);
	return rc;
}

struct json *json_parse(struct arena *a, const char *text, size_t len)
{
	struct parser ps = {a, text, text + len, 0};
	struct json *v = arena_alloc(a, sizeof(*v));
	if (parse_value(&ps, v) < 0)
		return NULL;
	skip_ws(&ps);
	return ps.p == ps.end ? v : NULL;
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

const char *json_text(struct arena *a, const struct json *v)
{
	char *s = arena_alloc(a, v->srclen + 1);
	memcpy(s, v->src, v->srclen);
	s[v->srclen] = '\0';
	return s;
}
