<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>LearnerController</name>
    <message>
        <source>Change profile / log out</source>
        <translation>Changer de profil / se déconnecter</translation>
    </message>
    <message>
        <source>Course &amp;home</source>
        <translation>&amp;Accueil du cours</translation>
    </message>
    <message>
        <source>My &amp;progress</source>
        <translation>Ma &amp;progression</translation>
    </message>
    <message>
        <source>Course &amp;forum</source>
        <translation>&amp;Forum du cours</translation>
    </message>
    <message>
        <source>Reported forum messages…</source>
        <translation>Messages signalés du forum…</translation>
    </message>
    <message>
        <source>A&amp;bout the course</source>
        <translation>À p&amp;ropos du cours</translation>
    </message>
    <message>
        <source>What the course teaches, capsule by capsule, and who speaks in it</source>
        <translation>Ce que le cours enseigne, capsule par capsule, et qui y intervient</translation>
    </message>
    <message>
        <source>F&amp;orum</source>
        <translation>F&amp;orum</translation>
    </message>
    <message>
        <source>Discuss the course with the learners of every centre</source>
        <translation>Discuter du cours avec les apprenants de tous les centres</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <source>The profile was closed after a period of inactivity.</source>
        <translation>Le profil a été fermé après une période d’inactivité.</translation>
    </message>
    <message>
        <source>The profile was deleted.</source>
        <translation>Le profil a été supprimé.</translation>
    </message>
    <message>
        <source>Capsule completed ✓</source>
        <translation>Capsule terminée ✓</translation>
    </message>
    <message>
        <source>Your progress could not be saved: %1</source>
        <translation>Votre progression n’a pas pu être enregistrée : %1</translation>
    </message>
</context>
</TS>
