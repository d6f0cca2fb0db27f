<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CreditsPage</name>
    <message>
        <source>About the course</source>
        <translation>À propos du cours</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Retour</translation>
    </message>
    <message>
        <source>What you will learn</source>
        <translation>Ce que vous allez apprendre</translation>
    </message>
    <message>
        <source>Who speaks in this course</source>
        <translation>Qui intervient dans ce cours</translation>
    </message>
    <message>
        <source>The people who speak in this course. Published by %1.</source>
        <translation>Les personnes qui interviennent dans ce cours. Publié par %1.</translation>
    </message>
    <message>
        <source>The people who speak in this course.</source>
        <translation>Les personnes qui interviennent dans ce cours.</translation>
    </message>
    <message>
        <source>This course does not name its speakers.</source>
        <translation>Ce cours ne nomme pas ses intervenant·es.</translation>
    </message>
</context>
<context>
    <name>SpeakerCard</name>
    <message>
        <source>Speaks in: %1</source>
        <translation>Intervient dans : %1</translation>
    </message>
</context>
</TS>
