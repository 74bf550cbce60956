select 1;
\g
\watch 5
