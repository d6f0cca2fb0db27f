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
    <message>
        <source>&amp;Pairing code of this PC…</source>
        <translation>Code d’a&amp;ppairage de ce PC…</translation>
    </message>
    <message>
        <source>Pairing code of this PC: %1

The facilitator&apos;s PC shows the same code when it first imports this PC&apos;s USB stick file: check that both match.</source>
        <translation>Code d’appairage de ce PC : %1

Le PC de l’animateur affiche le même code quand il importe pour la première fois le fichier de clé USB de ce PC : vérifiez que les deux sont identiques.</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>Code d’appairage</translation>
    </message>
</context>
</TS>
