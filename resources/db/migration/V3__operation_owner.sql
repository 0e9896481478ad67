-- The console session that journaled each operation ("pid:start-millis:random"), so a console sharing the store can
-- tell an operation another live console is working on from one left behind by a console that stopped.
-- Operations from before this column have no owner: their consoles are gone.
ALTER TABLE operation ADD COLUMN owner VARCHAR(200) DEFAULT '' NOT NULL;
