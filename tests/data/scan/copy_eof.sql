COPY t FROM stdin;
a
b