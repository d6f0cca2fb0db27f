<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ProjectorWindow</name>
    <message>
        <source>Projector</source>
        <translation>Vidéoprojecteur</translation>
    </message>
    <message>
        <source>Pause — discuss with the room · Space or PageDown to continue</source>
        <translation>Pause — échangez avec la salle · Espace ou Page suivante pour continuer</translation>
    </message>
</context>
</TS>
