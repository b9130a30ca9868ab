/* tokpol grammar: syntax only. Each action is one call of a tp_ast_* constructor
 * (engine/syntax/ast.c), wrapped in NEED(); all nodes live in the compiler's arena, so values need
 * no %destructor: error recovery drops pointers into memory the arena frees as a whole. */
%require "3.8"
%define api.pure full
%define api.prefix {tp_yy}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {struct tp_parse_ctx *ctx}

%code requires {
#include <stddef.h>
#include <stdint.h>
struct tp_parse_ctx;
struct tp_node;
#include "syntax/ast.h"
}

%code provides {
int tp_yylex(TP_YYSTYPE *lval, TP_YYLTYPE *lloc, void *scanner);
}

%code {
#define YYINITDEPTH 1000
#define YYMAXDEPTH 1000
#include <string.h>
#include "syntax/parse_ctx.h"

#define SPAN(loc) tp_parse_span(ctx, (loc).first_line, (loc).first_column, (loc).last_line, (loc).last_column)
/* An allocation failed in a constructor: stop at once, the driver reports TP_ENOMEM. */
#define NEED(x) do { if (!(x)) { ctx->oom = 1; YYABORT; } } while (0)

static void tp_yyerror(TP_YYLTYPE *loc, void *scanner, struct tp_parse_ctx *ctx, const char *msg);
}

%union {
    struct { const char *s; size_t len; } text;
    double num;
    int64_t us;
    struct tp_node *node;
    tp_nodes nodes;
    tp_clauses clauses;
    tp_clause clause;
    struct tp_decl *decl;
}

%token START_FILE START_EXPR
/* Keywords carry their text, so a keyword used as a field name (t.in) or a clause name needs no
 * table of spellings here. */
%token <text> PACK "'pack'" PARAM "'param'" LET "'let'" RULE "'rule'" WAIVE "'waive'"
%token <text> FOR "'for'" IN "'in'" WHERE "'where'" REQUIRE "'require'" DENY "'deny'"
%token <text> AND "'and'" OR "'or'" NOT "'not'" TRUE "'true'" FALSE "'false'" NUL "'null'"
%token <text> IF "'if'" THEN "'then'" ELSE "'else'"
%token EQ "'=='" NE "'!='" LE "'<='" GE "'>='" COALESCE "'??'"
%token <text> IDENT "identifier" RULE_ID "rule id" STR_TEXT "string text"
%token <num> NUMBER "number"
%token <us> DURATION "duration" TIMESTAMP "timestamp"
%token STR_BEGIN "string" STR_END "end of string"
%token INTERP_BEGIN "'{' in a string" INTERP_END "'}' closing an interpolation"

%type <node> expr operation postfix primary string opt_where
%type <nodes> items opt_items str_parts args pairs gen_fors block_items
%type <clauses> clauses
%type <clause> clause
%type <decl> decl
%type <text> field_name

%left OR
%left AND
%right NOT
%nonassoc EQ NE '<' LE '>' GE IN
%left COALESCE
%left '+' '-'
%left '*' '/'
%right UMINUS

%%

start
    : START_FILE decls
    | START_EXPR expr           { ctx->expr = $2; }
    ;

decls
    : %empty
    | decls decl                { if ($2) tp_parse_add_decl(ctx, $2); }
    | decls error '}'           { yyerrok; if (ctx->nerrs >= ctx->max_errors) YYABORT; }
    ;

decl
    : PACK IDENT '{' clauses '}'    { NEED($$ = tp_ast_decl(ctx->arena, TP_D_PACK, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2), NULL, &$4)); }
    | PARAM IDENT '=' expr          { NEED($$ = tp_ast_decl(ctx->arena, TP_D_PARAM, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2), $4, NULL)); }
    | LET IDENT '=' expr            { NEED($$ = tp_ast_decl(ctx->arena, TP_D_LET, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2), $4, NULL)); }
    | RULE RULE_ID '{' clauses '}'  { NEED($$ = tp_ast_decl(ctx->arena, TP_D_RULE, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2), NULL, &$4)); }
    | WAIVE RULE_ID '{' clauses '}' { NEED($$ = tp_ast_decl(ctx->arena, TP_D_WAIVE, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2), NULL, &$4)); }
    ;

clauses
    : %empty                    { $$ = TP_CLAUSES_EMPTY; }
    | clauses clause            { NEED(tp_ast_add_clause(ctx->arena, &$$, &$1, &$2) == 0); }
    ;

clause
    : IDENT items               { NEED(tp_ast_attr(ctx->arena, &$$, $1.s, $1.len, SPAN(@$), SPAN(@1), $2) == 0); }
    | FOR IDENT IN expr         { NEED(tp_ast_clause(ctx->arena, &$$, TP_CL_FOR, $2.s, $2.len, SPAN(@$), SPAN(@2), $4) == 0); }
    | LET IDENT '=' expr        { NEED(tp_ast_clause(ctx->arena, &$$, TP_CL_LET, $2.s, $2.len, SPAN(@$), SPAN(@2), $4) == 0); }
    | WHERE expr                { NEED(tp_ast_clause(ctx->arena, &$$, TP_CL_WHERE, $1.s, $1.len, SPAN(@$), SPAN(@1), $2) == 0); }
    | REQUIRE expr              { NEED(tp_ast_clause(ctx->arena, &$$, TP_CL_REQUIRE, $1.s, $1.len, SPAN(@$), SPAN(@1), $2) == 0); }
    | DENY expr                 { NEED(tp_ast_clause(ctx->arena, &$$, TP_CL_DENY, $1.s, $1.len, SPAN(@$), SPAN(@1), $2) == 0); }
    | IDENT IDENT '{' block_items '}' {
          NEED(tp_ast_clause(ctx->arena, &$$, TP_CL_ATTR, $1.s, $1.len, SPAN(@$), SPAN(@1),
                             tp_ast_block(ctx->arena, $2.s, $2.len, $4, SPAN(@2))) == 0);
      }
    ;

/* The body of a named block in a pack header (`document keys { schema "k.json" many }`): words
 * with a string, or alone as flags. */
block_items
    : %empty                    { $$ = TP_NODES_EMPTY; }
    | block_items IDENT string  { NEED(tp_ast_pair(ctx->arena, &$$, &$1, tp_ast_key(ctx->arena, $2.s, $2.len, SPAN(@2)), $3) == 0); }
    | block_items IDENT         { NEED(tp_ast_pair(ctx->arena, &$$, &$1, tp_ast_key(ctx->arena, $2.s, $2.len, SPAN(@2)), tp_ast_bool(ctx->arena, true, SPAN(@2))) == 0); }
    ;

/* A conditional binds loosest of all: its `else` takes everything after it
 * (`if a then b else c or d` is `... else (c or d)`), and it is no operand of an operator
 * unless written in parentheses, so `1 + if ...` never hides where it ends. */
expr
    : operation
    | IF expr THEN expr ELSE expr { NEED($$ = tp_ast_cond(ctx->arena, $2, $4, $6, SPAN(@$))); }
    ;

operation
    : operation OR operation              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_OR, $1, $3, SPAN(@$))); }
    | operation AND operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_AND, $1, $3, SPAN(@$))); }
    | NOT operation                       { NEED($$ = tp_ast_unary(ctx->arena, TP_N_NOT, $2, SPAN(@$))); }
    | operation EQ operation              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_EQ, $1, $3, SPAN(@$))); }
    | operation NE operation              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_NE, $1, $3, SPAN(@$))); }
    | operation '<' operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_LT, $1, $3, SPAN(@$))); }
    | operation LE operation              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_LE, $1, $3, SPAN(@$))); }
    | operation '>' operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_GT, $1, $3, SPAN(@$))); }
    | operation GE operation              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_GE, $1, $3, SPAN(@$))); }
    | operation IN operation              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_IN, $1, $3, SPAN(@$))); }
    | operation NOT IN operation %prec IN { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_NOT_IN, $1, $4, SPAN(@$))); }
    | operation COALESCE operation        { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_COALESCE, $1, $3, SPAN(@$))); }
    | operation '+' operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_ADD, $1, $3, SPAN(@$))); }
    | operation '-' operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_SUB, $1, $3, SPAN(@$))); }
    | operation '*' operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_MUL, $1, $3, SPAN(@$))); }
    | operation '/' operation             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_DIV, $1, $3, SPAN(@$))); }
    | '-' operation %prec UMINUS          { NEED($$ = tp_ast_unary(ctx->arena, TP_N_NEG, $2, SPAN(@$))); }
    | postfix
    ;

postfix
    : primary
    | postfix '.' field_name    { NEED($$ = tp_ast_field(ctx->arena, $1, $3.s, $3.len, SPAN(@3))); }
    | postfix '[' expr ']'      { NEED($$ = tp_ast_index(ctx->arena, $1, $3, SPAN(@4))); }
    | postfix '[' '*' ']'       { NEED($$ = tp_ast_project(ctx->arena, $1, SPAN(@4))); }
    ;

/* After a dot any word is a field name, keywords included (t.in, b.for). */
field_name
    : IDENT | PACK | PARAM | LET | RULE | WAIVE | FOR | IN | WHERE | REQUIRE | DENY | AND | OR
    | NOT | TRUE | FALSE | NUL | IF | THEN | ELSE
    ;

primary
    : NUMBER                    { NEED($$ = tp_ast_number(ctx->arena, $1, SPAN(@$))); }
    | DURATION                  { NEED($$ = tp_ast_duration(ctx->arena, $1, SPAN(@$))); }
    | TIMESTAMP                 { NEED($$ = tp_ast_time(ctx->arena, $1, SPAN(@$))); }
    | TRUE                      { NEED($$ = tp_ast_bool(ctx->arena, true, SPAN(@$))); }
    | FALSE                     { NEED($$ = tp_ast_bool(ctx->arena, false, SPAN(@$))); }
    | NUL                       { NEED($$ = tp_ast_null(ctx->arena, SPAN(@$))); }
    | string
    | IDENT                     { NEED($$ = tp_ast_name(ctx->arena, $1.s, $1.len, SPAN(@$))); }
    | IDENT '(' args ')'        { NEED($$ = tp_ast_call(ctx->arena, $1.s, $1.len, $3, SPAN(@$))); }
    | '(' expr ')'              { $$ = tp_ast_paren($2); }
    | '[' opt_items ']'         { NEED($$ = tp_ast_list(ctx->arena, $2, SPAN(@$))); }
    | '[' expr gen_fors ']'     { NEED($$ = tp_ast_gen(ctx->arena, $2, $3, SPAN(@$))); }
    | '{' '}'                   { NEED($$ = tp_ast_object(ctx->arena, TP_NODES_EMPTY, SPAN(@$))); }
    | '{' pairs opt_comma '}'   { NEED($$ = tp_ast_object(ctx->arena, $2, SPAN(@$))); }
    ;

string
    : STR_BEGIN str_parts STR_END { NEED($$ = tp_ast_string(ctx->arena, $2, SPAN(@$))); }
    ;

str_parts
    : %empty                    { $$ = TP_NODES_EMPTY; }
    | str_parts STR_TEXT        { NEED(tp_ast_append(ctx->arena, &$$, &$1, tp_ast_text(ctx->arena, $2.s, $2.len, SPAN(@2))) == 0); }
    | str_parts INTERP_BEGIN expr INTERP_END { NEED(tp_ast_append(ctx->arena, &$$, &$1, $3) == 0); }
    ;

/* The `for` clauses of a generator, outermost first; each may filter with its own `where`. */
gen_fors
    : FOR IDENT IN expr opt_where {
          NEED(tp_ast_append(ctx->arena, &$$, NULL, tp_ast_gen_for(ctx->arena, $2.s, $2.len, $4, $5, SPAN(@2))) == 0);
      }
    | gen_fors FOR IDENT IN expr opt_where {
          NEED(tp_ast_append(ctx->arena, &$$, &$1, tp_ast_gen_for(ctx->arena, $3.s, $3.len, $5, $6, SPAN(@3))) == 0);
      }
    ;

opt_where
    : %empty                    { $$ = NULL; }
    | WHERE expr                { $$ = $2; }
    ;

opt_items
    : %empty                    { $$ = TP_NODES_EMPTY; }
    | items opt_comma
    ;

items
    : expr                      { NEED(tp_ast_append(ctx->arena, &$$, NULL, $1) == 0); }
    | items ',' expr            { NEED(tp_ast_append(ctx->arena, &$$, &$1, $3) == 0); }
    ;

opt_comma
    : %empty
    | ','
    ;

args
    : opt_items
    | expr gen_fors             { NEED(tp_ast_append(ctx->arena, &$$, NULL, tp_ast_gen(ctx->arena, $1, $2, SPAN(@$))) == 0); }
    ;

pairs
    : field_name ':' expr       { NEED(tp_ast_pair(ctx->arena, &$$, NULL, tp_ast_key(ctx->arena, $1.s, $1.len, SPAN(@1)), $3) == 0); }
    | string ':' expr           { NEED(tp_ast_pair(ctx->arena, &$$, NULL, $1, $3) == 0); }
    | pairs ',' field_name ':' expr { NEED(tp_ast_pair(ctx->arena, &$$, &$1, tp_ast_key(ctx->arena, $3.s, $3.len, SPAN(@3)), $5) == 0); }
    | pairs ',' string ':' expr { NEED(tp_ast_pair(ctx->arena, &$$, &$1, $3, $5) == 0); }
    ;

%%

static void tp_yyerror(TP_YYLTYPE *loc, void *scanner, struct tp_parse_ctx *ctx, const char *msg)
{
    (void)scanner;
    if (strcmp(msg, "memory exhausted") == 0)
        tp_parse_error(ctx, SPAN(*loc), "E-DEPTH", "split the expression with 'let'",
                       "expression nested too deeply");
    else
        tp_parse_error(ctx, SPAN(*loc), "E-SYNTAX", NULL, "%s", msg);
}

/* A token's name for a message: bison quotes aliases ("\"identifier\""); drop those quotes. */
static const char *token_name(yysymbol_kind_t sym, char *buf, size_t size)
{
    const char *name = yysymbol_name(sym);
    size_t len = strlen(name);
    if (len >= 2 && name[0] == '"' && name[len - 1] == '"') {
        snprintf(buf, size, "%.*s", (int)(len - 2), name + 1);
        return buf;
    }
    return name;
}

static int yyreport_syntax_error(const yypcontext_t *pctx, void *scanner, struct tp_parse_ctx *ctx)
{
    (void)scanner;
    yysymbol_kind_t next = yypcontext_token(pctx);
    const TP_YYLTYPE *loc = yypcontext_location(pctx);
    /* The lexer has already explained an invalid token. */
    if (next == YYSYMBOL_YYUNDEF && ctx->lex_error) {
        ctx->lex_error = 0;
        return 0;
    }
    char msg[400], nbuf[64];
    size_t off = 0;
    if (next == YYSYMBOL_YYEOF)
        off += (size_t)snprintf(msg, sizeof msg, "unexpected end of file");
    else if (next == YYSYMBOL_IDENT || next == YYSYMBOL_NUMBER || next == YYSYMBOL_DURATION)
        off += (size_t)snprintf(msg, sizeof msg, "unexpected %s '%.*s'",
                                token_name(next, nbuf, sizeof nbuf),
                                (int)(ctx->tok_len > 40 ? 40 : ctx->tok_len), ctx->tok_text);
    else
        off += (size_t)snprintf(msg, sizeof msg, "unexpected %s", token_name(next, nbuf, sizeof nbuf));
    enum { MAX_EXPECTED = 8 };
    yysymbol_kind_t all[YYNTOKENS];
    int n = yypcontext_expected_tokens(pctx, all, YYNTOKENS);
    int expr_expected = 0, cond_expected = 0;
    const char *cond_part = NULL; /* the keyword a conditional goes on with */
    for (int i = 0; i < n; i++) {
        expr_expected |= all[i] == YYSYMBOL_NUMBER;
        cond_expected |= all[i] == YYSYMBOL_IF;
        if (all[i] == YYSYMBOL_THEN || all[i] == YYSYMBOL_ELSE)
            cond_part = all[i] == YYSYMBOL_THEN ? "'then'" : "'else'";
    }
    if (expr_expected) {
        off += (size_t)snprintf(msg + off, sizeof msg - off, ", expected %s",
                                next == YYSYMBOL_IF && !cond_expected ? "an operand"
                                                                       : "an expression");
    } else if (cond_part) {
        /* The operators that could also go on are not worth listing. */
        off += (size_t)snprintf(msg + off, sizeof msg - off, ", expected %s", cond_part);
    } else if (n > MAX_EXPECTED) {
        /* Too many to list usefully. */
    } else if (n > 0) {
        const yysymbol_kind_t *expected = all;
        off += (size_t)snprintf(msg + off, sizeof msg - off, n == 1 ? ", expected " : ", expected one of: ");
        for (int i = 0; i < n && off < sizeof msg; i++)
            off += (size_t)snprintf(msg + off, sizeof msg - off, "%s%s", i ? ", " : "",
                                    token_name(expected[i], nbuf, sizeof nbuf));
    }
    const char *hint = NULL;
    if (next == YYSYMBOL_YYEOF && ctx->depth > 0)
        hint = "a '{' is not closed";
    else if (ctx->tok_len == 1 && ctx->tok_text[0] == '=')
        hint = "compare with '==', or bind a name with 'let NAME = ...'";
    else if (cond_part)
        hint = "a conditional has three parts: if COND then A else B";
    else if (next == YYSYMBOL_IF && expr_expected && !cond_expected)
        hint = "a conditional is an operand only in parentheses: (if COND then A else B)";
    else if (next == YYSYMBOL_ELSE || next == YYSYMBOL_THEN)
        hint = "'then' and 'else' belong to a conditional, if COND then A else B; a rule has one "
               "'require' or 'deny'";
    else if (ctx->tok_len == 1 && ctx->tok_text[0] == ',' && ctx->depth > 0 &&
             ctx->brackets[ctx->depth - 1] == 'i')
        hint = "'{' in a string starts an interpolation: double the braces of a regular "
               "expression's quantifier, like {{2,3}}";
    tp_parse_error(ctx, SPAN(*loc), "E-SYNTAX", hint, "%s", msg);
    return 0;
}
