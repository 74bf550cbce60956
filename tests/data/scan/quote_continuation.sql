select 'a'
'b';
