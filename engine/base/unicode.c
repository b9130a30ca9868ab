#include "base/unicode.h"

size_t tp_utf8_len(const unsigned char *p, size_t n)
{
    unsigned char b = p[0];
    size_t need = b >= 0xC2 && b <= 0xDF   ? 2
                  : b >= 0xE0 && b <= 0xEF ? 3
                  : b >= 0xF0 && b <= 0xF4 ? 4
                                           : 0;
    if (!need || need > n)
        return 0;
    for (size_t k = 1; k < need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] > 0x9F) || (b == 0xF0 && p[1] < 0x90) ||
        (b == 0xF4 && p[1] > 0x8F))
        return 0;
    return need;
}

size_t tp_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t len = tp_utf8_len(p, n);
    if (!len)
        return 0;
    uint32_t c = p[0] & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; k++)
        c = c << 6 | (p[k] & 0x3F);
    *cp = c;
    return len;
}

int tp_unicode_is_bidi(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C;
}

int tp_unicode_is_invisible(uint32_t cp)
{
    return cp == 0x00A0 || cp == 0x00AD || cp == 0x034F || cp == 0x115F || cp == 0x1160 ||
           cp == 0x180E || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x202F ||
           (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0x3164 || cp == 0xFEFF ||
           cp == 0xFFA0;
}

int tp_unicode_is_hidden(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || tp_unicode_is_bidi(cp) ||
           tp_unicode_is_invisible(cp) || cp == 0x2028 || cp == 0x2029;
}

typedef struct named {
    uint32_t cp;
    char looks_like; /* the ASCII character it passes for, or 0 */
    const char *name;
} named;

/* Sorted by code point. */
static const named names[] = {
    {0x00, 0, "NULL"},
    {0x01, 0, "START OF HEADING"},
    {0x02, 0, "START OF TEXT"},
    {0x03, 0, "END OF TEXT"},
    {0x04, 0, "END OF TRANSMISSION"},
    {0x05, 0, "ENQUIRY"},
    {0x06, 0, "ACKNOWLEDGE"},
    {0x07, 0, "BELL"},
    {0x08, 0, "BACKSPACE"},
    {0x0B, 0, "LINE TABULATION"},
    {0x0C, 0, "FORM FEED"},
    {0x0D, 0, "CARRIAGE RETURN"},
    {0x0E, 0, "SHIFT OUT"},
    {0x0F, 0, "SHIFT IN"},
    {0x10, 0, "DATA LINK ESCAPE"},
    {0x11, 0, "DEVICE CONTROL ONE"},
    {0x12, 0, "DEVICE CONTROL TWO"},
    {0x13, 0, "DEVICE CONTROL THREE"},
    {0x14, 0, "DEVICE CONTROL FOUR"},
    {0x15, 0, "NEGATIVE ACKNOWLEDGE"},
    {0x16, 0, "SYNCHRONOUS IDLE"},
    {0x17, 0, "END OF TRANSMISSION BLOCK"},
    {0x18, 0, "CANCEL"},
    {0x19, 0, "END OF MEDIUM"},
    {0x1A, 0, "SUBSTITUTE"},
    {0x1B, 0, "ESCAPE"},
    {0x1C, 0, "INFORMATION SEPARATOR FOUR"},
    {0x1D, 0, "INFORMATION SEPARATOR THREE"},
    {0x1E, 0, "INFORMATION SEPARATOR TWO"},
    {0x1F, 0, "INFORMATION SEPARATOR ONE"},
    {0x7F, 0, "DELETE"},
    {0x85, 0, "NEXT LINE"},
    {0xA0, ' ', "NO-BREAK SPACE"},
    {0xAD, 0, "SOFT HYPHEN"},
    {0xB4, '\'', "ACUTE ACCENT"},
    {0x034F, 0, "COMBINING GRAPHEME JOINER"},
    {0x0391, 'A', "GREEK CAPITAL LETTER ALPHA"},
    {0x0392, 'B', "GREEK CAPITAL LETTER BETA"},
    {0x0395, 'E', "GREEK CAPITAL LETTER EPSILON"},
    {0x0396, 'Z', "GREEK CAPITAL LETTER ZETA"},
    {0x0397, 'H', "GREEK CAPITAL LETTER ETA"},
    {0x0399, 'I', "GREEK CAPITAL LETTER IOTA"},
    {0x039A, 'K', "GREEK CAPITAL LETTER KAPPA"},
    {0x039C, 'M', "GREEK CAPITAL LETTER MU"},
    {0x039D, 'N', "GREEK CAPITAL LETTER NU"},
    {0x039F, 'O', "GREEK CAPITAL LETTER OMICRON"},
    {0x03A1, 'P', "GREEK CAPITAL LETTER RHO"},
    {0x03A4, 'T', "GREEK CAPITAL LETTER TAU"},
    {0x03A5, 'Y', "GREEK CAPITAL LETTER UPSILON"},
    {0x03A7, 'X', "GREEK CAPITAL LETTER CHI"},
    {0x03B1, 'a', "GREEK SMALL LETTER ALPHA"},
    {0x03B9, 'i', "GREEK SMALL LETTER IOTA"},
    {0x03BD, 'v', "GREEK SMALL LETTER NU"},
    {0x03BF, 'o', "GREEK SMALL LETTER OMICRON"},
    {0x03C1, 'p', "GREEK SMALL LETTER RHO"},
    {0x03C5, 'u', "GREEK SMALL LETTER UPSILON"},
    {0x0405, 'S', "CYRILLIC CAPITAL LETTER DZE"},
    {0x0406, 'I', "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I"},
    {0x0408, 'J', "CYRILLIC CAPITAL LETTER JE"},
    {0x0410, 'A', "CYRILLIC CAPITAL LETTER A"},
    {0x0412, 'B', "CYRILLIC CAPITAL LETTER VE"},
    {0x0415, 'E', "CYRILLIC CAPITAL LETTER IE"},
    {0x041A, 'K', "CYRILLIC CAPITAL LETTER KA"},
    {0x041C, 'M', "CYRILLIC CAPITAL LETTER EM"},
    {0x041D, 'H', "CYRILLIC CAPITAL LETTER EN"},
    {0x041E, 'O', "CYRILLIC CAPITAL LETTER O"},
    {0x0420, 'P', "CYRILLIC CAPITAL LETTER ER"},
    {0x0421, 'C', "CYRILLIC CAPITAL LETTER ES"},
    {0x0422, 'T', "CYRILLIC CAPITAL LETTER TE"},
    {0x0425, 'X', "CYRILLIC CAPITAL LETTER HA"},
    {0x0430, 'a', "CYRILLIC SMALL LETTER A"},
    {0x0435, 'e', "CYRILLIC SMALL LETTER IE"},
    {0x043E, 'o', "CYRILLIC SMALL LETTER O"},
    {0x0440, 'p', "CYRILLIC SMALL LETTER ER"},
    {0x0441, 'c', "CYRILLIC SMALL LETTER ES"},
    {0x0443, 'y', "CYRILLIC SMALL LETTER U"},
    {0x0445, 'x', "CYRILLIC SMALL LETTER HA"},
    {0x0455, 's', "CYRILLIC SMALL LETTER DZE"},
    {0x0456, 'i', "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"},
    {0x0458, 'j', "CYRILLIC SMALL LETTER JE"},
    {0x04BB, 'h', "CYRILLIC SMALL LETTER SHHA"},
    {0x0501, 'd', "CYRILLIC SMALL LETTER KOMI DE"},
    {0x061C, 0, "ARABIC LETTER MARK"},
    {0x115F, 0, "HANGUL CHOSEONG FILLER"},
    {0x1160, 0, "HANGUL JUNGSEONG FILLER"},
    {0x180E, 0, "MONGOLIAN VOWEL SEPARATOR"},
    {0x2000, ' ', "EN QUAD"},
    {0x2001, ' ', "EM QUAD"},
    {0x2002, ' ', "EN SPACE"},
    {0x2003, ' ', "EM SPACE"},
    {0x2004, ' ', "THREE-PER-EM SPACE"},
    {0x2005, ' ', "FOUR-PER-EM SPACE"},
    {0x2006, ' ', "SIX-PER-EM SPACE"},
    {0x2007, ' ', "FIGURE SPACE"},
    {0x2008, ' ', "PUNCTUATION SPACE"},
    {0x2009, ' ', "THIN SPACE"},
    {0x200A, ' ', "HAIR SPACE"},
    {0x200B, 0, "ZERO WIDTH SPACE"},
    {0x200C, 0, "ZERO WIDTH NON-JOINER"},
    {0x200D, 0, "ZERO WIDTH JOINER"},
    {0x200E, 0, "LEFT-TO-RIGHT MARK"},
    {0x200F, 0, "RIGHT-TO-LEFT MARK"},
    {0x2010, '-', "HYPHEN"},
    {0x2011, '-', "NON-BREAKING HYPHEN"},
    {0x2012, '-', "FIGURE DASH"},
    {0x2013, '-', "EN DASH"},
    {0x2014, '-', "EM DASH"},
    {0x2018, '\'', "LEFT SINGLE QUOTATION MARK"},
    {0x2019, '\'', "RIGHT SINGLE QUOTATION MARK"},
    {0x201C, '"', "LEFT DOUBLE QUOTATION MARK"},
    {0x201D, '"', "RIGHT DOUBLE QUOTATION MARK"},
    {0x2028, 0, "LINE SEPARATOR"},
    {0x2029, 0, "PARAGRAPH SEPARATOR"},
    {0x202A, 0, "LEFT-TO-RIGHT EMBEDDING"},
    {0x202B, 0, "RIGHT-TO-LEFT EMBEDDING"},
    {0x202C, 0, "POP DIRECTIONAL FORMATTING"},
    {0x202D, 0, "LEFT-TO-RIGHT OVERRIDE"},
    {0x202E, 0, "RIGHT-TO-LEFT OVERRIDE"},
    {0x202F, ' ', "NARROW NO-BREAK SPACE"},
    {0x2032, '\'', "PRIME"},
    {0x205F, ' ', "MEDIUM MATHEMATICAL SPACE"},
    {0x2060, 0, "WORD JOINER"},
    {0x2061, 0, "FUNCTION APPLICATION"},
    {0x2062, 0, "INVISIBLE TIMES"},
    {0x2063, 0, "INVISIBLE SEPARATOR"},
    {0x2064, 0, "INVISIBLE PLUS"},
    {0x2066, 0, "LEFT-TO-RIGHT ISOLATE"},
    {0x2067, 0, "RIGHT-TO-LEFT ISOLATE"},
    {0x2068, 0, "FIRST STRONG ISOLATE"},
    {0x2069, 0, "POP DIRECTIONAL ISOLATE"},
    {0x2212, '-', "MINUS SIGN"},
    {0x2215, '/', "DIVISION SLASH"},
    {0x2217, '*', "ASTERISK OPERATOR"},
    {0x3000, ' ', "IDEOGRAPHIC SPACE"},
    {0x3164, 0, "HANGUL FILLER"},
    {0xFEFF, 0, "ZERO WIDTH NO-BREAK SPACE"},
    {0xFF02, '"', "FULLWIDTH QUOTATION MARK"},
    {0xFF1D, '=', "FULLWIDTH EQUALS SIGN"},
    {0xFFA0, 0, "HALFWIDTH HANGUL FILLER"},
};

static const named *find(uint32_t cp)
{
    size_t lo = 0, hi = sizeof names / sizeof names[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (names[mid].cp == cp)
            return &names[mid];
        if (names[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *tp_unicode_name(uint32_t cp)
{
    const named *n = find(cp);
    return n ? n->name : NULL;
}

char tp_unicode_lookalike(uint32_t cp)
{
    const named *n = find(cp);
    return n ? n->looks_like : 0;
}
