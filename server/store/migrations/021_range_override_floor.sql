-- A reach override of 1 m or less was accepted by the API's schema but refused by the coverage model, so such
-- a row made every later registry change fail and the server unable to start. The schema now refuses it too;
-- rows stored before are cleared to "no override": the model estimates their reach from the radio.
UPDATE access_points SET range_override_m = NULL WHERE range_override_m IS NOT NULL AND range_override_m <= 1;
