COPY t FROM stdin; select 'after';
data
\.
