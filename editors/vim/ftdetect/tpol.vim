" tokpol policy files
autocmd BufRead,BufNewFile *.tpol setfiletype tpol
