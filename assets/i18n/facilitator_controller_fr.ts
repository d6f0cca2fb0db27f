<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>FacilitatorController</name>
    <message>
        <source>Open the &amp;facilitator space…</source>
        <translation>Ouvrir l&apos;espace &amp;animateur·rice…</translation>
    </message>
</context>
</TS>
