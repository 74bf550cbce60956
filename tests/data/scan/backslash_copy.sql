\copy t from stdout
z
\.
\copy t from stdin
x
\.
\copy t (a, b) FROM STDIN with csv
y
\.
\copy t from 'file.csv'
\copy (select 1) to stdout
select 1;
