-- The cluster member that runs an instance (LXD clusters); empty for hosts that are not clusters.
ALTER TABLE instance ADD COLUMN location VARCHAR(200) DEFAULT '' NOT NULL;
