/* block; */ select 1;
select /* a /* b; */ c; */ 2;
