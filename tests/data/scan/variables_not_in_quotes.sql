select ':v', ":v", $$:v$$, E':v' /* :v */; -- :v
