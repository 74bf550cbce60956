\! echo a; echo 'b' \\ select 1;
\copy t to 'f' \\ select 2;
\h  select
