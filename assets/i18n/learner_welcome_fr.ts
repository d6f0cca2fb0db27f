<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>WelcomePage</name>
    <message>
        <source>The course</source>
        <translation>Le cours</translation>
    </message>
    <message>
        <source>Choose your profile</source>
        <translation>Choisissez votre profil</translation>
    </message>
    <message>
        <source>Course outline (choose a profile first)</source>
        <translation>Plan du cours (choisissez d’abord un profil)</translation>
    </message>
</context>
</TS>
