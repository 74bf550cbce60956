\echo a \\ select 1;
\echo b\echo c
