<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>SyncController</name>
    <message>
        <source>Sync &amp;now</source>
        <translation>Synchroniser &amp;maintenant</translation>
    </message>
    <message>
        <source>Connect this PC to a server…</source>
        <translation>Connecter ce PC à un serveur…</translation>
    </message>
    <message>
        <source>Sync with a &amp;USB stick…</source>
        <translation>Synchroniser avec une clé &amp;USB…</translation>
    </message>
</context>
</TS>
