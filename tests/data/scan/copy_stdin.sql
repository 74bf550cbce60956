COPY t FROM STDIN;
1	a;b
\.x
2	b
\.
select 1;
