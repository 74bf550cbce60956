COPY t FROM STDIN;
a
\.
select 1;
