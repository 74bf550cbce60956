select $$a;b$$;
select $tag$ $$; $other$ ; $tag$;
select $1, $2a;
