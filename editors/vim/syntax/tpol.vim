" Vim syntax file
" Language:    tokpol policy (.tpol), see docs/language.md
" Keywords follow grammar/lexer.l, built-in functions the engine's TP_BUILTIN_LIST, clause words
" and severities the checker; tests/editors/run.sh keeps them in step.

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

syn keyword tpolTodo contained TODO FIXME XXX NOTE
syn match   tpolComment "#.*$" contains=tpolTodo,@Spell

" Declarations, and the name or rule id each declares (rule ids may hold dots and dashes).
syn keyword tpolDeclaration pack nextgroup=tpolPackName skipwhite
syn keyword tpolDeclaration param let nextgroup=tpolDefinedName skipwhite
syn keyword tpolDeclaration rule waive nextgroup=tpolRuleId skipwhite skipnl skipempty
syn match   tpolPackName contained "\h\w*"
syn match   tpolDefinedName contained "\h\w*"
syn match   tpolRuleId contained "\a[A-Za-z0-9_.-]*"

syn keyword tpolStatement for in where require deny
syn keyword tpolConditional if then else
syn keyword tpolLogical and or not
syn keyword tpolBoolean true false
syn keyword tpolNull null
syn keyword tpolBuiltinName now input

" Clause words are not reserved: only a word that starts a line and is followed by a value is one.
syn match   tpolClause "^\s*\zs\(title\|message\|remediation\|subject\|version\|description\|rationale\|example\|docs\|about\|schema\|subjects\|reason\|owner\|expires\|ticket\)\>\ze\s\+[^ \t.(=]"
syn match   tpolClause "^\s*\zsseverity\>" nextgroup=tpolSeverity,tpolBadSeverity skipwhite
syn match   tpolBadSeverity contained "\h\w*"
syn keyword tpolSeverity contained info low medium high critical

syn match   tpolFunction "\<\(has\|is_secret\|len\|lower\|upper\|startswith\|endswith\|contains\|matches\|capture\|glob\|split\|join\|keys\|values\|flatten\|string\|file\|time\|age\|days\|any\|all\|count\|distinct\|first\|sum\|min\|max\)\ze\s*("

" After a dot any word is a field name, keywords included (t.in, b.for).
syn match   tpolField "\.\s*\h\w*"

syn match   tpolBadDuration "\<\d\+\h\w*"
syn match   tpolDuration "\<\(\d\+[wdhms]\)\+\>"
syn match   tpolNumber "\<\d\+\(\.\d\+\)\=\([eE][+-]\=\d\+\)\=\>"
syn match   tpolBadTimestamp "@\d[0-9A-Za-z:.+-]*"
syn match   tpolTimestamp "@\d\{4}-\d\d-\d\d\([Tt]\d\d:\d\d:\d\d\(\.\d\+\)\=\([Zz]\|[+-]\d\d:\d\d\)\)\=[0-9A-Za-z:.+-]\@!"

syn match   tpolOperator "==\|!=\|<=\|>=\|??\|[<>+*/=-]"

" Strings end on the line they start; {expr} interpolates, {{ and }} are literal braces.
syn region  tpolString start=+"+ end=+"+ end=+$+ oneline contains=tpolBadEscape,tpolEscape,tpolInterpolation,tpolBadBrace,tpolBraceEscape,@Spell
syn match   tpolBadEscape contained "\\.\="
syn match   tpolEscape contained +\\\(["\\nt]\|u{\x\{1,6}}\)+
syn match   tpolBadBrace contained "}"
syn region  tpolInterpolation contained matchgroup=tpolInterpolationDelimiter start="{" end="}" contains=TOP,tpolClause
syn match   tpolBraceEscape contained "{{\|}}"
" Braces inside an interpolation (an object literal) do not end it.
syn region  tpolBraces transparent start="{" end="}" contains=TOP

hi def link tpolTodo                   Todo
hi def link tpolComment                Comment
hi def link tpolDeclaration            StorageClass
hi def link tpolPackName               Identifier
hi def link tpolDefinedName            Identifier
hi def link tpolRuleId                 Type
hi def link tpolStatement              Statement
hi def link tpolConditional            Conditional
hi def link tpolLogical                Operator
hi def link tpolBoolean                Boolean
hi def link tpolNull                   Constant
hi def link tpolBuiltinName            Special
hi def link tpolClause                 Keyword
hi def link tpolSeverity               Constant
hi def link tpolBadSeverity            Error
hi def link tpolFunction               Function
hi def link tpolDuration               Number
hi def link tpolBadDuration            Error
hi def link tpolNumber                 Number
hi def link tpolTimestamp              Constant
hi def link tpolBadTimestamp           Error
hi def link tpolOperator               Operator
hi def link tpolString                 String
hi def link tpolEscape                 SpecialChar
hi def link tpolBadEscape              Error
hi def link tpolBraceEscape            SpecialChar
hi def link tpolBadBrace               Error
hi def link tpolInterpolationDelimiter Delimiter

let b:current_syntax = 'tpol'
let &cpo = s:cpo_save
unlet s:cpo_save
