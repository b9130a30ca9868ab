/* tokpol grammar: syntax only. Actions call tp_ast_* constructors and nothing else; all nodes
 * live in the compiler's arena, so values need no %destructor: error recovery drops pointers
 * into memory the arena frees as a whole. */
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
#include "syntax/parse_driver.h"

#define SPAN(loc) tp_parse_span(ctx, (loc).first_line, (loc).first_column, (loc).last_line, (loc).last_column)
/* An allocation failed in a constructor: stop at once, the driver reports TP_ENOMEM. */
#define NEED(x) do { if (!(x)) { ctx->oom = 1; YYABORT; } } while (0)

static void tp_yyerror(TP_YYLTYPE *loc, void *scanner, struct tp_parse_ctx *ctx, const char *msg);
static tp_clause clause(tp_clause_kind kind, const char *name, size_t len, tp_span span,
                        tp_span name_span, tp_node *expr, tp_arena *arena);
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
%token PACK "'pack'" PARAM "'param'" LET "'let'" RULE "'rule'" WAIVE "'waive'"
%token FOR "'for'" IN "'in'" WHERE "'where'" REQUIRE "'require'" DENY "'deny'"
%token AND "'and'" OR "'or'" NOT "'not'" TRUE "'true'" FALSE "'false'" NUL "'null'"
%token EQ "'=='" NE "'!='" LE "'<='" GE "'>='" COALESCE "'??'"
%token <text> IDENT "identifier" RULE_ID "rule id" STR_TEXT "string text"
%token <num> NUMBER "number"
%token <us> DURATION "duration" TIMESTAMP "timestamp"
%token STR_BEGIN "string" STR_END "end of string"
%token INTERP_BEGIN "'{' in a string" INTERP_END "'}' closing an interpolation"

%type <node> expr postfix primary string opt_where
%type <nodes> items opt_items str_parts args pairs
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
    : PACK IDENT '{' clauses '}' {
          NEED($$ = tp_ast_decl(ctx->arena, TP_D_PACK, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2)));
          $$->clauses = $4;
      }
    | PARAM IDENT '=' expr {
          NEED($$ = tp_ast_decl(ctx->arena, TP_D_PARAM, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2)));
          NEED($$->expr = $4);
      }
    | LET IDENT '=' expr {
          NEED($$ = tp_ast_decl(ctx->arena, TP_D_LET, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2)));
          NEED($$->expr = $4);
      }
    | RULE RULE_ID '{' clauses '}' {
          NEED($$ = tp_ast_decl(ctx->arena, TP_D_RULE, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2)));
          $$->clauses = $4;
      }
    | WAIVE RULE_ID '{' clauses '}' {
          NEED($$ = tp_ast_decl(ctx->arena, TP_D_WAIVE, ctx->file, $2.s, $2.len, SPAN(@$), SPAN(@2)));
          $$->clauses = $4;
      }
    ;

clauses
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | clauses clause            { $$ = $1; NEED(tp_clauses_push(ctx->arena, &$$, $2) == 0); NEED($2.expr); }
    ;

clause
    : IDENT expr                { $$ = clause(TP_CL_ATTR, $1.s, $1.len, SPAN(@$), SPAN(@1), $2, ctx->arena); NEED($$.name); }
    | FOR IDENT IN expr         { $$ = clause(TP_CL_FOR, $2.s, $2.len, SPAN(@$), SPAN(@2), $4, ctx->arena); NEED($$.name); }
    | LET IDENT '=' expr        { $$ = clause(TP_CL_LET, $2.s, $2.len, SPAN(@$), SPAN(@2), $4, ctx->arena); NEED($$.name); }
    | WHERE expr                { $$ = clause(TP_CL_WHERE, "where", 5, SPAN(@$), SPAN(@1), $2, ctx->arena); NEED($$.name); }
    | REQUIRE expr              { $$ = clause(TP_CL_REQUIRE, "require", 7, SPAN(@$), SPAN(@1), $2, ctx->arena); NEED($$.name); }
    | DENY expr                 { $$ = clause(TP_CL_DENY, "deny", 4, SPAN(@$), SPAN(@1), $2, ctx->arena); NEED($$.name); }
    ;

expr
    : expr OR expr              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_OR, $1, $3, SPAN(@$))); }
    | expr AND expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_AND, $1, $3, SPAN(@$))); }
    | NOT expr                  { NEED($$ = tp_ast_unary(ctx->arena, TP_N_NOT, $2, SPAN(@$))); }
    | expr EQ expr              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_EQ, $1, $3, SPAN(@$))); }
    | expr NE expr              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_NE, $1, $3, SPAN(@$))); }
    | expr '<' expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_LT, $1, $3, SPAN(@$))); }
    | expr LE expr              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_LE, $1, $3, SPAN(@$))); }
    | expr '>' expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_GT, $1, $3, SPAN(@$))); }
    | expr GE expr              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_GE, $1, $3, SPAN(@$))); }
    | expr IN expr              { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_IN, $1, $3, SPAN(@$))); }
    | expr NOT IN expr %prec IN { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_NOT_IN, $1, $4, SPAN(@$))); }
    | expr COALESCE expr        { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_COALESCE, $1, $3, SPAN(@$))); }
    | expr '+' expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_ADD, $1, $3, SPAN(@$))); }
    | expr '-' expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_SUB, $1, $3, SPAN(@$))); }
    | expr '*' expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_MUL, $1, $3, SPAN(@$))); }
    | expr '/' expr             { NEED($$ = tp_ast_binary(ctx->arena, TP_OP_DIV, $1, $3, SPAN(@$))); }
    | '-' expr %prec UMINUS     { NEED($$ = tp_ast_unary(ctx->arena, TP_N_NEG, $2, SPAN(@$))); }
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
    : IDENT
    | PACK { $$.s = "pack"; $$.len = 4; } | PARAM { $$.s = "param"; $$.len = 5; }
    | LET { $$.s = "let"; $$.len = 3; } | RULE { $$.s = "rule"; $$.len = 4; }
    | WAIVE { $$.s = "waive"; $$.len = 5; } | FOR { $$.s = "for"; $$.len = 3; }
    | IN { $$.s = "in"; $$.len = 2; } | WHERE { $$.s = "where"; $$.len = 5; }
    | REQUIRE { $$.s = "require"; $$.len = 7; } | DENY { $$.s = "deny"; $$.len = 4; }
    | AND { $$.s = "and"; $$.len = 3; } | OR { $$.s = "or"; $$.len = 2; }
    | NOT { $$.s = "not"; $$.len = 3; } | TRUE { $$.s = "true"; $$.len = 4; }
    | FALSE { $$.s = "false"; $$.len = 5; } | NUL { $$.s = "null"; $$.len = 4; }
    ;

primary
    : NUMBER                    { NEED($$ = tp_ast_node(ctx->arena, TP_N_NUM_LIT, SPAN(@$))); $$->num = $1; }
    | DURATION                  { NEED($$ = tp_ast_node(ctx->arena, TP_N_DUR_LIT, SPAN(@$))); $$->us = $1; }
    | TIMESTAMP                 { NEED($$ = tp_ast_node(ctx->arena, TP_N_TIME_LIT, SPAN(@$))); $$->us = $1; }
    | TRUE                      { NEED($$ = tp_ast_node(ctx->arena, TP_N_BOOL_LIT, SPAN(@$))); $$->num = 1; }
    | FALSE                     { NEED($$ = tp_ast_node(ctx->arena, TP_N_BOOL_LIT, SPAN(@$))); $$->num = 0; }
    | NUL                       { NEED($$ = tp_ast_node(ctx->arena, TP_N_NULL_LIT, SPAN(@$))); }
    | string
    | IDENT                     { NEED($$ = tp_ast_name(ctx->arena, $1.s, $1.len, SPAN(@$))); }
    | IDENT '(' args ')'        { NEED($$ = tp_ast_call(ctx->arena, $1.s, $1.len, $3, SPAN(@$))); }
    | '(' expr ')'              { $$ = $2; $$->flags |= TP_NF_PAREN; }
    | '[' opt_items ']'         { NEED($$ = tp_ast_node(ctx->arena, TP_N_LIST, SPAN(@$))); $$->kids = $2; }
    | '[' expr FOR IDENT IN expr opt_where ']' {
          NEED($$ = tp_ast_gen(ctx->arena, $2, $4.s, $4.len, $6, $7, SPAN(@$)));
      }
    | '{' '}'                   { NEED($$ = tp_ast_node(ctx->arena, TP_N_OBJECT, SPAN(@$))); }
    | '{' pairs opt_comma '}'   { NEED($$ = tp_ast_node(ctx->arena, TP_N_OBJECT, SPAN(@$))); $$->kids = $2; }
    ;

string
    : STR_BEGIN str_parts STR_END { NEED($$ = tp_ast_string(ctx->arena, $2, SPAN(@$))); }
    ;

str_parts
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | str_parts STR_TEXT {
          $$ = $1;
          tp_node *t = tp_ast_node(ctx->arena, TP_N_STR_LIT, SPAN(@2));
          NEED(t);
          t->str = $2.s;
          t->len = (uint32_t)$2.len;
          NEED(tp_nodes_push(ctx->arena, &$$, t) == 0);
      }
    | str_parts INTERP_BEGIN expr INTERP_END { $$ = $1; NEED(tp_nodes_push(ctx->arena, &$$, $3) == 0); }
    ;

opt_where
    : %empty                    { $$ = NULL; }
    | WHERE expr                { $$ = $2; }
    ;

opt_items
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | items opt_comma
    ;

items
    : expr                      { memset(&$$, 0, sizeof $$); NEED(tp_nodes_push(ctx->arena, &$$, $1) == 0); }
    | items ',' expr            { $$ = $1; NEED(tp_nodes_push(ctx->arena, &$$, $3) == 0); }
    ;

opt_comma
    : %empty
    | ','
    ;

args
    : opt_items
    | expr FOR IDENT IN expr opt_where {
          tp_node *g = tp_ast_gen(ctx->arena, $1, $3.s, $3.len, $5, $6, SPAN(@$));
          NEED(g);
          memset(&$$, 0, sizeof $$);
          NEED(tp_nodes_push(ctx->arena, &$$, g) == 0);
      }
    ;

pairs
    : field_name ':' expr {
          memset(&$$, 0, sizeof $$);
          tp_node *k = tp_ast_node(ctx->arena, TP_N_STR_LIT, SPAN(@1));
          NEED(k && (k->str = tp_arena_strndup(ctx->arena, $1.s, $1.len)));
          k->len = (uint32_t)$1.len;
          NEED(tp_nodes_push(ctx->arena, &$$, k) == 0 && tp_nodes_push(ctx->arena, &$$, $3) == 0);
      }
    | string ':' expr {
          memset(&$$, 0, sizeof $$);
          NEED(tp_nodes_push(ctx->arena, &$$, $1) == 0 && tp_nodes_push(ctx->arena, &$$, $3) == 0);
      }
    | pairs ',' field_name ':' expr {
          $$ = $1;
          tp_node *k = tp_ast_node(ctx->arena, TP_N_STR_LIT, SPAN(@3));
          NEED(k && (k->str = tp_arena_strndup(ctx->arena, $3.s, $3.len)));
          k->len = (uint32_t)$3.len;
          NEED(tp_nodes_push(ctx->arena, &$$, k) == 0 && tp_nodes_push(ctx->arena, &$$, $5) == 0);
      }
    | pairs ',' string ':' expr {
          $$ = $1;
          NEED(tp_nodes_push(ctx->arena, &$$, $3) == 0 && tp_nodes_push(ctx->arena, &$$, $5) == 0);
      }
    ;

%%

static tp_clause clause(tp_clause_kind kind, const char *name, size_t len, tp_span span,
                        tp_span name_span, tp_node *expr, tp_arena *arena)
{
    tp_clause c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.name = tp_arena_strndup(arena, name, len);
    c.span = span;
    c.name_span = name_span;
    c.expr = expr;
    c.slot = -1;
    return c;
}

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
    int expr_expected = 0;
    for (int i = 0; i < n; i++)
        expr_expected |= all[i] == YYSYMBOL_NUMBER;
    if (expr_expected) {
        off += (size_t)snprintf(msg + off, sizeof msg - off, ", expected an expression");
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
    else if (next == YYSYMBOL_IDENT && ctx->tok_len == 4 && strncmp(ctx->tok_text, "else", 4) == 0)
        hint = "there is no 'else': a rule has one 'require' or 'deny'";
    tp_parse_error(ctx, SPAN(*loc), "E-SYNTAX", hint, "%s", msg);
    return 0;
}
