\o | cat > /tmp/x \\ select 1;
\o out.txt;
\w |lpr
