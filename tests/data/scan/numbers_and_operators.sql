select 1.5e3x, .5, 1..2, 1e+, $1abc, a->>b, a+/*c;*/b;
select 1 +-- c;
2; select a-->b;
select 3;
